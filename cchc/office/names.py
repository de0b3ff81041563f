"""Names of Vietnamese public bodies and people as documents write them — no models."""

ADMIN_WORDS = ("ủy ban nhân dân", "uỷ ban nhân dân", "ubnd")
# Longest first: "thành phố" before "thị xã"/"xã", "thị trấn" before nothing shorter that matches.
LEVELS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "huyện", "quận", "phường", "tỉnh", "xã")


def strip_prefix(name, prefixes):
    low = name.lower()
    for prefix in prefixes:
        if low.startswith(prefix + " "):
            return name[len(prefix) + 1 :].strip()
    return name


def local_name(name):
    """ "UBND phường Ngô Mây" → "phường Ngô Mây"."""
    return strip_prefix(name.strip(), ADMIN_WORDS)


def place_name(name):
    """ "UBND phường Ngô Mây" → "Ngô Mây"."""
    return strip_prefix(local_name(name), LEVELS)


def level_word(name):
    """ "UBND tỉnh Đắk Lắk" → "tỉnh"; "" when the name carries no tier."""
    low = local_name(name).lower()
    for level in LEVELS:
        if low.startswith(level + " "):
            return level
    return ""


def person_name(user) -> str:
    """A Vietnamese name reads family name first: "Lê Văn Bình" (stored as last "Lê Văn", first "Bình"),
    so Django's get_full_name() ("Bình Lê Văn") is never used for a signature. Any account object with
    Django's name fields will do: the audit log (below the units and accounts) names people by it too."""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_username()
