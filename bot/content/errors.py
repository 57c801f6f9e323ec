"""The one error of the content layer."""


class ContentError(ValueError):
    """The YAML content is incomplete or inconsistent; the message names the file and the place."""
