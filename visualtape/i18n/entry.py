"""One row of the translation tables (`captions`, `views`, `sample_titles`) read by
`visualtape.i18n.tr`. (Qt widgets use the catalogues in `visualtape/ui/translations/`.)

Vocabulary follows the Korean and Japanese TensorFlow tutorials our users read: 그래디언트 /
勾配 (gradient), 상류 / 上流 (upstream), 연쇄 법칙 / 連鎖律 (chain rule), 순전파 / 順伝播
(forward pass).
"""

Entry = tuple[str, str, str]  # (English, Korean, Japanese)
