"""`check --deploy`: the anchors' signing key, when its file exists, must be an Ed25519 private
key that only the platform's account can read (a missing file is made on first use)."""

import stat

from django.core.checks import Error, Tags, Warning, register

from . import signing


@register(Tags.security, deploy=True)
def anchor_signing_key(app_configs=None, **kwargs):
    path = signing.key_path()
    if not path.exists():
        return []
    try:
        signing.load_private_key(path)
    except (ValueError, TypeError, OSError) as exc:
        return [
            Error(
                "公开锚点的签名密钥文件不是 Ed25519 私钥。",
                hint=f"ZHIFA_ANCHOR_SIGNING_KEY_FILE={path}: {exc}",
                id="zhifa.disclosure.E001",
            )
        ]
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        return [
            Warning(
                "公开锚点的签名密钥文件可被其他账户读取。",
                hint=f"chmod 600 {path}",
                id="zhifa.disclosure.W001",
            )
        ]
    return []
