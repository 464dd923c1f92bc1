"""Pictograms for choices: small stroke drawings on a 24 x 24 grid.

They are drawn inline in the page (``currentColor``, no file to load), so an icon
adds a few hundred bytes and no request. A questionnaire names an icon per choice;
the loader rejects names not listed here. Within one questionnaire a pictogram stands
for one thing: "no" (a crossed-out circle with an x) is not "none of these" (a struck
circle), "I know it" (an eye) is neither, a school-age child is not the school.
"""

from functools import cache

ICONS: dict[str, str] = {
    # people
    "person": "M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21v-1a8 8 0 0 1 16 0v1",
    "parents": "M8 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM16 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2 20a6 6 0 0 1 12 0M10 20a6 6 0 0 1 12 0",
    "family": "M7 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM17 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM12 15a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM1 18a6 6 0 0 1 9-5M23 18a6 6 0 0 0-9-5M8 22a4 4 0 0 1 8 0",
    "baby": "M12 13a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM10 8h.01M14 8h.01M10.5 10.5a2 2 0 0 0 3 0M6 21c0-3 3-5 6-5s6 2 6 5",
    "child": "M12 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM12 11v6M8 13l4-2 4 2M10 22l2-5 2 5",
    "school_child": "M11 6a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM11 8v7M7 12l4-3 4 3M9 22l2-7 2 7M15 8h5v7h-5zM16 8V6.5h3V8",
    "teen": "M12 7a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM12 9v7M7 12l5-3 5 3M9 23l3-7 3 7",
    "friends": "M8 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM16 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2 21a6 6 0 0 1 11-3M11 18a6 6 0 0 1 11 3M10 14h4",
    "helper": "M9 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20a6 6 0 0 1 10-4.5M15 13l2 2 4-4",
    # places
    "home": "M3 11l9-8 9 8M5 9.5V21h14V9.5M10 21v-6h4v6",
    "family_center": "M3 11l9-8 9 8M5 9.5V21h14V9.5M12 18l-3-3a2 2 0 0 1 3-2.5 2 2 0 0 1 3 2.5z",
    "school": "M2 9l10-5 10 5-10 5zM6 11v5c3 2 9 2 12 0v-5M22 9v6",
    "office": "M4 21V5l8-3 8 3v16M2 21h20M8 9h2M14 9h2M8 13h2M14 13h2M10 21v-4h4v4",
    "map_pin": "M12 22s7-6 7-12a7 7 0 0 0-14 0c0 6 7 12 7 12zM12 12a2 2 0 1 0 0-4 2 2 0 0 0 0 4z",
    "tree": "M12 22v-7M12 15l-3-3M12 13l3-3M7 16a5 5 0 0 1-1-9 6 6 0 0 1 12 0 5 5 0 0 1-1 9z",
    "playground": "M4 21V7l4-4 4 4v14M4 12h8M12 9l8 10M20 19v2M4 21h16",
    "far": "M2 22v-5l3.5-3 3.5 3v5zM11 19h2M15 16l1.5-1.5M19 12s3-3.2 3-6a3 3 0 0 0-6 0c0 2.8 3 6 3 6zM19 6h.01",
    "not_welcome": "M11 21V3h10v18M9 21h14M18 12h.01M5 9a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM2 21v-5a3 3 0 0 1 6 0v5",
    # needs
    "money": "M2 6h20v12H2zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM6 9v6M18 9v6",
    "health": "M12 21s-8-5-8-11a4.5 4.5 0 0 1 8-3 4.5 4.5 0 0 1 8 3c0 6-8 11-8 11zM9 11h6M12 8v6",
    "language": "M4 4h11v8H9l-4 3v-3H4zM13 14h2l4 3v-3h1V8h-2",
    "work": "M3 8h18v12H3zM8 8V5a1 1 0 0 1 1-1h6a1 1 0 0 1 1 1v3M3 13h18",
    "document": "M6 2h8l5 5v15H6zM14 2v5h5M9 13h7M9 17h7",
    "clock": "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM12 6v6l4 2",
    "ball": "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM4.5 5.5c3.5 3.5 3.5 9.5 0 13M19.5 5.5c-3.5 3.5-3.5 9.5 0 13",
    "course": "M3 3h18v11H3zM7 7h6M7 10h10M8 20l2-6M16 20l-2-6",
    "book": "M4 4h6a2 2 0 0 1 2 2v14a2 2 0 0 0-2-2H4zM20 4h-6a2 2 0 0 0-2 2v14a2 2 0 0 1 2-2h6z",
    "coffee": "M4 9h12v6a5 5 0 0 1-5 5H9a5 5 0 0 1-5-5zM16 11h2a2 2 0 0 1 0 4h-2M8 2v3M12 2v3",
    "handshake": "M2 11l4-4 4 2 2-2 4 0 6 5M2 11l6 6 2-1 2 2 2-1 2 1 4-4M12 7l-3 4 2 1 3-3",
    "euro": "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM15 8.5a4 4 0 1 0 0 7M7 11h6M7 13h6",
    "baby_carriage": "M4 10h13a4 4 0 0 1-4 5H8a4 4 0 0 1-4-5zM4 10a8 8 0 0 1 8-7v7M8 19a2 2 0 1 0 0.01 0M16 19a2 2 0 1 0 0.01 0M17 10l3-3",
    "stress": "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM8 9l2 1-2 1M16 9l-2 1 2 1M8 16c1-1 2-1 4 0s3 1 4 0",
    "welcome": "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM8 14a4 4 0 0 0 8 0M9 9h.01M15 9h.01",
    "calendar": "M3 5h18v16H3zM3 10h18M8 3v4M16 3v4",
    # channels
    "chat": "M21 12a8 8 0 0 1-12 7l-5 1 1-4a8 8 0 1 1 16-4zM8 12h.01M12 12h.01M16 12h.01",
    "poster": "M5 3h14v18H5zM8 7h8M8 11h8M8 15h5",
    "globe": "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM2 12h20M12 2c3 3 4 6 4 10s-1 7-4 10c-3-3-4-6-4-10s1-7 4-10z",
    "phone": "M7 2h10v20H7zM11 18h2",
    # answers that are not content
    "none": "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM5 5l14 14",
    "unknown": "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.7v1M12 18h.01",
    "private": "M5 11h14v10H5zM8 11V7a4 4 0 0 1 8 0v4M12 15v2",
    "other": "M5 12h.01M12 12h.01M19 12h.01",
    "check": "M4 12l5 5L20 6",
    "answer_no": "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM8.5 8.5l7 7M15.5 8.5l-7 7",
    "known": "M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
    "open_way": "M4 22L9 2M20 22L15 2M12 20v-3M12 13v-3M12 6V4",
    "one": "M12 7a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM8 22v-5a4 4 0 0 1 8 0v5",
    "two": "M7 7a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM17 7a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM3 22v-5a4 4 0 0 1 8 0v5M13 22v-5a4 4 0 0 1 8 0v5",
    "three": "M5 8a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM12 8a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM19 8a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM2 20v-5a3 3 0 0 1 6 0v5M9 20v-5a3 3 0 0 1 6 0v5M16 20v-5a3 3 0 0 1 6 0v5",
    "many": "M6 7a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM12 7a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM18 7a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM3 18v-4a3 3 0 0 1 6 0v4M9 18v-4a3 3 0 0 1 6 0v4M15 18v-4a3 3 0 0 1 6 0v4M9 22h6M12 19v6",
}


@cache
def face_path(mood: float) -> str:
    """A face for a scale step: ``mood`` 1.0 smiles, 0.0 is flat, -1.0 frowns."""
    corner_y = 15.5 - 1.5 * mood
    bottom_y = 15.5 + 3 * mood
    return (
        "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z"
        "M8.5 9.5h.01M15.5 9.5h.01"
        f"M7.5 {corner_y:.1f}Q12 {bottom_y:.1f} 16.5 {corner_y:.1f}"
    )
