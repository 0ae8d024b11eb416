"""Captions with the numbers filled in: forward equations and the chain rule of one backward step.

A local derivative is shown as a number only where it is exact: element-wise ops whose inputs have
the output's shape, and only when upstream · local reproduces the engine's contribution. Everywhere
else (matmul, reductions, broadcasting) the caption shows upstream, the contribution and the op's
rule in words, because contribution / upstream is not a derivative in general.

Words go through `visualtape.i18n.tr` (pure Python, no Qt) when a caption is made, so they
follow the UI language; the maths stays as it is.

>>> format_value(np.array(9.0))
'9.0'
>>> forward_caption("y", "multiply", ["x", "x"], np.array(9.0))
'y = x × x = 9.0'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from visualtape.engine.events import ArraySummary, BackwardStep, OpRecorded
from visualtape.i18n import tr
from visualtape.session.graph import op_node, tensor_node
from visualtape.session.notation import Value, format_value, grouped, same_value


class Labels(Protocol):
    """Where captions get tensor names (a session's NameTable, or timeline.GraphLabels)."""

    def get(self, tensor_id: int) -> str | None: ...

    def label(self, tensor_id: int) -> str: ...


_ALIASES = {
    "addv2": "add", "add_v2": "add", "sub": "subtract", "mul": "multiply", "div": "divide",
    "realdiv": "divide", "truediv": "divide", "neg": "negative", "sum": "reduce_sum",
    "mean": "reduce_mean", "batchmatmulv2": "matmul", "batch_matmul": "matmul", "pow": "power",
    "square_difference": "squared_difference",
}  # fmt: skip

_INFIX = {"add": "+", "subtract": "−", "multiply": "×", "divide": "÷", "matmul": "@", "power": "^"}

# English keys of the i18n catalogue (visualtape/ui/translations/captions.py).
_RULES: dict[str, str] = {
    "add": "upstream passes through unchanged (∂/∂input = 1)",
    "subtract": "first input: +upstream; second input: −upstream",
    "multiply": "upstream × the other input",
    "divide": "a: upstream ÷ b; b: −upstream · a ÷ b²",
    "matmul": "a: upstream @ bᵀ; b: aᵀ @ upstream",
    "power": "base: upstream · p · x^(p−1); exponent: upstream · x^p · ln x",
    "negative": "−upstream",
    "identity": "upstream passes through unchanged",
    "square": "upstream × 2x",
    "sqrt": "upstream ÷ (2√x)",
    "exp": "upstream × exp(x)",
    "log": "upstream ÷ x",
    "sin": "upstream × cos(x)",
    "cos": "upstream × −sin(x)",
    "tanh": "upstream × (1 − tanh²(x))",
    "sigmoid": "upstream × σ(x)(1 − σ(x))",
    "relu": "upstream where x > 0, else 0",
    "abs": "upstream × sign(x)",
    "reduce_sum": "upstream copied back to every summed element",
    "reduce_mean": "upstream ÷ n, copied back to every averaged element",
    "reshape": "upstream reshaped back to the input's shape",
    "transpose": "upstream transposed back",
    "maximum": "upstream goes to the larger input",
    "minimum": "upstream goes to the smaller input",
}

# Exact element-wise local derivatives: f(inputs, output, position) -> ∂output/∂inputs[position].
_Local = Callable[[Sequence[np.ndarray], np.ndarray, int], np.ndarray]
_LOCAL: dict[str, _Local] = {
    "add": lambda xs, y, i: np.ones_like(y),
    "subtract": lambda xs, y, i: np.full_like(y, 1.0 if i == 0 else -1.0),
    "multiply": lambda xs, y, i: xs[1 - i],
    "divide": lambda xs, y, i: 1.0 / xs[1] if i == 0 else -xs[0] / xs[1] ** 2,
    "negative": lambda xs, y, i: np.full_like(y, -1.0),
    "identity": lambda xs, y, i: np.ones_like(y),
    "square": lambda xs, y, i: 2.0 * xs[0],
    "sqrt": lambda xs, y, i: 0.5 / y,
    "exp": lambda xs, y, i: y,
    "log": lambda xs, y, i: 1.0 / xs[0],
    "sin": lambda xs, y, i: np.cos(xs[0]),
    "cos": lambda xs, y, i: -np.sin(xs[0]),
    "tanh": lambda xs, y, i: 1.0 - y**2,
    "sigmoid": lambda xs, y, i: y * (1.0 - y),
    "relu": lambda xs, y, i: (xs[0] > 0).astype(y.dtype),
    "abs": lambda xs, y, i: np.sign(xs[0]),
}


@dataclass(frozen=True)
class ChainTerm:
    """One input of a backward step: its contribution, running total and (if exact) local ∂."""

    input_node: str
    input_label: str
    position: int
    contribution: Value | None
    accumulated: Value | None
    local: np.ndarray | None  # ∂output/∂input element-wise, only when exact
    text: str


@dataclass(frozen=True)
class ChainRule:
    """The chain-rule arithmetic of one backward step, for captions and the inspector."""

    call_id: int
    record_id: int
    op: str
    op_node: str
    output_node: str
    target_label: str
    output_label: str
    upstream: Value
    rule: str  # the op's VJP in words
    terms: tuple[ChainTerm, ...]

    @property
    def text(self) -> str:
        """All terms joined: the caption of the backward frame."""
        joined = "; ".join(term.text for term in self.terms)
        return joined or tr("{op}: no input needs a gradient", op=self.op)


def canonical_op(op: str) -> str:
    """The op name used for symbols and rules ("Mul" -> "multiply")."""
    key = op.lower()
    return _ALIASES.get(key, key)


def op_rule(op: str) -> str:
    """The op's VJP in words, e.g. "upstream × the other input"."""
    rule = _RULES.get(canonical_op(op))
    return tr(rule) if rule is not None else tr("the VJP of {op}", op=op)


def forward_caption(out: str, op: str, inputs: Sequence[str], value: Value | None) -> str:
    """`y = x × x = 9.0` for infix ops, `y = sin(x) = 0.1411` otherwise; an output labelled
    by its own expression is not written twice.

    >>> forward_caption("y", "multiply", ["x", "x"], 9.0)
    'y = x × x = 9.0'
    >>> forward_caption("x × x", "multiply", ["x", "x"], 9.0)
    'x × x = 9.0'
    """
    expr = _expression(op, inputs)
    if out == expr:
        return f"{expr} = {format_value(value)}"
    return f"{out} = {expr} = {format_value(value)}"


def _expression(op: str, inputs: Sequence[str]) -> str:
    """`x × x` for infix ops, `sin(x)` otherwise."""
    name = canonical_op(op)
    symbol = _INFIX.get(name)
    if symbol is not None and len(inputs) == 2:
        return f"{grouped(inputs[0])} {symbol} {grouped(inputs[1])}"
    return f"{name}({', '.join(inputs)})"


def local_derivative(
    op: str, inputs: Sequence[Value], output: Value, position: int
) -> np.ndarray | None:
    """∂output/∂inputs[position] element-wise, for element-wise ops when that input has the
    output's shape (other inputs may be broadcast)."""
    fn = _LOCAL.get(canonical_op(op))
    if fn is None or isinstance(output, ArraySummary):
        return None
    if any(isinstance(x, ArraySummary) for x in inputs):
        return None
    output = np.asarray(output)
    if np.shape(inputs[position]) != output.shape or output.dtype.kind not in "fc":
        return None  # a broadcast input's gradient is a sum: no element-wise local ∂
    try:
        xs = [np.broadcast_to(np.asarray(x), output.shape) for x in inputs]
    except ValueError:
        return None
    with np.errstate(all="ignore"):
        local = np.asarray(fn(xs, output, position))
    return local if local.shape == output.shape else None


def term_text(
    target: str,
    output: str,
    input_label: str,
    upstream: Value,
    contribution: Value | None,
    local: np.ndarray | None,
    rule: str,
    total: Value | None = None,
    name: str = "",
    adds: bool = False,
    function: str = "",
) -> str:
    """`∂z/∂x = ∂z/∂y · ∂y/∂x = 6.0 · 3.0 = 18.0`, or the rule in words when no exact local ∂.

    `input_label` may carry a note such as "x [input 2]" (`name` is then the bare "x"), and so
    does the local factor: ∂y/∂x [input 2] is the partial by that input alone. `adds`: the
    input gets other contributions in this call (fan-in), so this one is added to its gradient,
    `∂z/∂x += …`; a running `total` that differs from the contribution is appended.
    `function`: what the local factor differentiates, written out when the output is the target
    itself and the input adds up (`∂z/∂y += ∂z/∂z · ∂(y × y)/∂y`: `∂z/∂y` twice would read as
    the sum and one of its terms being the same thing).
    """
    name = name or input_label.split(" [", 1)[0]
    note = input_label[len(name) :] if input_label.startswith(name) else ""
    target, output = grouped(target), grouped(output)
    head = f"∂{target}/∂{grouped(name)}{note}"
    local_of = f"({function})" if function and adds and output == target else output
    chain = f"∂{target}/∂{output} · ∂{local_of}/∂{grouped(name)}{note}"
    if contribution is None:  # the tape does not track this input: no gradient flows to it
        return tr("{head}: not tracked", head=head)
    equals = "+=" if adds else "="
    if local is not None:
        numbers = f"{format_value(upstream)} · {format_value(local)}"
        text = f"{head} {equals} {chain} = {numbers} = {format_value(contribution)}"
    else:
        text = tr(
            "{head} = {chain}: upstream {upstream}, {rule} → {contribution}"
            if not adds
            else "{head} += {chain}: upstream {upstream}, {rule} → {contribution}",
            head=head,
            chain=chain,
            upstream=format_value(upstream),
            rule=rule,
            contribution=format_value(contribution),
        )
    if total is not None and not same_value(total, contribution):
        text += " " + tr("(running total {total})", total=format_value(total))
    return text


def exact_local(
    op: str,
    inputs: Sequence[Value],
    output: Value,
    position: int,
    upstream: Value,
    contribution: Value | None,
) -> np.ndarray | None:
    """The local derivative, kept only if upstream · local reproduces the contribution."""
    if contribution is None or isinstance(upstream, ArraySummary):
        return None
    if isinstance(contribution, ArraySummary):
        return None
    upstream, contribution = np.asarray(upstream), np.asarray(contribution)
    local = local_derivative(op, inputs, output, position)
    if local is None or upstream.shape != local.shape or contribution.shape != local.shape:
        return None
    with np.errstate(all="ignore"):
        ok = np.allclose(upstream * local, contribution, rtol=1e-5, atol=1e-8, equal_nan=True)
    return local if ok else None


def _term(
    step: BackwardStep,
    record: OpRecorded | None,
    position: int,
    target: str,
    names: Labels,
    rule: str,
    fanned: frozenset[int],
) -> ChainTerm:
    input_id = step.input_ids[position]
    contribution = step.input_grads[position]
    local = None
    if record is not None:
        inputs = [t.value for t in record.inputs]
        local = exact_local(
            step.op, inputs, record.output.value, position, step.upstream, contribution
        )
        if _broadcast_input(step.op, record, position):
            rule = tr("{rule}, summed over the broadcast axes", rule=rule)
    label = names.label(input_id)
    repeated = step.input_ids.count(input_id) > 1
    noted = (
        tr("{name} [input {position}]", name=label, position=position + 1) if repeated else label
    )
    later = input_id in step.input_ids[position + 1 :]  # show the running total once, at the end
    total = None if later else step.accumulated[position]
    output_label = names.label(step.output_id)
    adds = input_id in fanned
    function = _expression(step.op, [names.label(i) for i in step.input_ids]) if adds else ""
    return ChainTerm(
        input_node=tensor_node(input_id),
        input_label=label,
        position=position,
        contribution=contribution,
        accumulated=step.accumulated[position],
        local=local,
        text=term_text(
            target,
            output_label,
            noted,
            step.upstream,
            contribution,
            local,
            rule,
            total,
            label,
            adds=adds,
            function=function,
        ),  # fmt: skip
    )


def _broadcast_input(op: str, record: OpRecorded, position: int) -> bool:
    """An element-wise op's input smaller than its output: numpy broadcast it, so its gradient
    is the upstream summed over the broadcast axes (the rule alone says 'unchanged')."""
    if canonical_op(op) not in _LOCAL or position >= len(record.inputs):
        return False
    return tuple(record.inputs[position].shape) != tuple(record.output.shape)


def explain_step(
    call_id: int,
    step: BackwardStep,
    record: OpRecorded | None,
    target: str,
    names: Labels,
    fanned: frozenset[int] = frozenset(),
) -> ChainRule:
    """The chain rule of one backward step; `record` (for input values) may be None.

    `fanned`: ids of the tensors that get more than one contribution in this gradient call.
    """
    rule = op_rule(step.op)
    terms = tuple(
        _term(step, record, position, target, names, rule, fanned)
        for position in range(len(step.input_ids))
    )
    return ChainRule(
        call_id=call_id,
        record_id=step.record_id,
        op=step.op,
        op_node=op_node(step.record_id),
        output_node=tensor_node(step.output_id),
        target_label=target,
        output_label=names.label(step.output_id),
        upstream=step.upstream,
        rule=rule,
        terms=terms,
    )
