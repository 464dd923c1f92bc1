"""The report's own texts in German and English (questions and answers come from the
questionnaire, places from the database; numbers and dates are formatted by Babel)."""

from __future__ import annotations

LANGUAGES = ("de", "en")

TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Familienbefragung – Ergebnisse für die Bezirksplanung",
        "wave": "Befragung",
        "period": "Zeitraum",
        "district": "Bezirk",
        "locations": "Orte der Befragung",
        "languages_used": "Sprachen der Antworten",
        "answers": "Antworten",
        "questionnaire": "Fragebogen",
        "suppression_note": "Werte unter {k} nicht ausgewiesen („< {k}“). „×“: ausgeblendet, damit kein "
        "kleiner "
        "Wert aus Summen errechnet werden kann. Kreuztabellen mit zwei Merkmalen: unter "
        "{k_strict} nicht ausgewiesen.",
        "synthetic": "Hinweis: Dieser Bericht beruht auf synthetischen Daten (Demo).",
        "s_cover": "Überblick",
        "s_reach": "Erreichung",
        "s_needs": "Was Familien schwer fällt und was sie sich wünschen",
        "s_offers": "Angebote: bekannt, genutzt – oder nicht",
        "s_barriers": "Hürden und Wege der Information nach Sprache",
        "s_wellbeing": "Wohlbefinden und Unterstützung",
        "s_map": "Karte der Bezirksregionen",
        "s_free_text": "Freitext",
        "s_annex": "Anhang: Methode, Fragen, Regeln, Quellen",
        "reach_intro": "Wie viele Familien je Bezirksregion geantwortet haben (nach eigener Angabe, wo sie "
        "wohnen), im Verhältnis zu den dort lebenden Kindern unter 18 Jahren.",
        "reach_table": "Antworten je Bezirksregion und je 100 Kinder",
        "region": "Bezirksregion",
        "children": "Kinder unter 18",
        "per_100": "Antworten je 100 Kinder",
        "by_language": "Antworten nach Sprache",
        "by_assisted": "Selbst ausgefüllt oder mit Unterstützung",
        "by_location": "Antworten nach Ort",
        "language": "Sprache",
        "location": "Ort",
        "answer": "Antwort",
        "question": "Frage",
        "wording": "Frage (Wortlaut)",
        "choices": "Antworten",
        "count": "Anzahl",
        "share": "Anteil",
        "all": "Alle",
        "n": "n (Antwortende)",
        "respondents": "Familien",
        "field": "Handlungsfeld",
        "rank": "Rang",
        "single_parent": "Alleinerziehend",
        "many_children": "3 und mehr Kinder",
        "on_benefits": "Mit Sozialleistungen",
        "assisted": "Mit Unterstützung",
        "self": "Selbst",
        "_none": "Ohne Angabe",
        "by_family_type": "nach Familienform",
        "by_age_group": "nach Alter der Kinder",
        "by_language_group": "nach Sprache",
        "share_of_n": "Anteil der Familien, die die Frage beantwortet haben",
        "needs_intro": "Reihenfolge nach der Zahl der Nennungen; ausgeblendete Werte stehen am Ende, in der "
        "Reihenfolge des Fragebogens. Mehrfachnennungen: bis zu drei je Familie.",
        "funnel_intro": "„Kenne ich nicht“ zeigt eine Informationslücke, „Kenne ich, nutze ich nicht“ "
        "(zusammen mit den Hürden) eine Zugangslücke.",
        "funnel": "Angebote: bekannt und genutzt",
        "offer": "Angebot",
        "not_shown": "nicht ausgewiesen",
        "barriers_intro": "Hürden und bevorzugte Informationswege je Sprache der Antwort – Hinweise für "
        "Öffnungszeiten, Kinderbetreuung, Sprache, Formulare und wo geworben wird.",
        "wellbeing_intro": "Wie es den Familien geht und ob sie jemanden fragen können, mit der Zahl der "
        "Antwortenden (n).",
        "compare_title": "{question}: Vergleich mit der Befragung „{before}“",
        "before": "Vorher",
        "after": "Jetzt",
        "change": "Veränderung (Prozentpunkte)",
        "map_intro": "Bezirksregionen des Bezirks, eingefärbt nach Antworten je 100 Kinder. Schraffiert: "
        "nicht ausgewiesen (zu wenige Antworten).",
        "map_benefits": "Anteil der Familien mit Sozialleistungen nach Bezirksregion (Wohnort)",
        "map_caption": "Karte: {measure}",
        "free_text_none": "Dieser Fragebogen enthält keine Freitextfrage.",
        "free_text_intro": "Freitexte erscheinen erst, wenn Mitarbeitende sie gesichtet und freigegeben "
        "haben, und nur bei Fragen mit mindestens {k} freigegebenen Texten – in zufälliger Reihenfolge, "
        "ohne Ort, Datum oder Sprache. Die Tabelle zeigt, wie viele Familien etwas geschrieben haben "
        "(ausgewiesen ab {k}).",
        "texts_given": "Freitexte",
        "released_texts": "{question} – freigegebene Texte",
        "texts_too_few": "Zu dieser Frage sind weniger als {k} Texte freigegeben; sie werden nicht gezeigt.",
        "text": "Text",
        "breakdown": "Aufteilung",
        "s_breakdown": "Alle Fragen {by}",
        "breakdown_intro": "Jede Frage aufgeteilt {by}: Anteile der Familien, die die Frage beantwortet "
        "haben; die Zeile n zeigt ihre Zahl je Gruppe. Werte unter {k} und Zellen, aus denen sie sich "
        "errechnen ließen, sind ausgeblendet.",
        "b_location": "nach Ort der Befragung",
        "b_region": "nach Bezirksregion des Ortes",
        "b_home_region": "nach Wohngegend",
        "b_language": "nach Sprache",
        "b_assisted": "nach selbst oder mit Unterstützung ausgefüllt",
        "b_family_type": "nach Familienform",
        "b_age_group": "nach Alter der Kinder",
        "method": "Methode",
        "method_text": "Anonyme Befragung an Orten, die Familien kennen (Familienzentren, Kitas, "
        "Stadtteilmütter). Gespeichert werden Ort, Sprache, Datum (ohne Uhrzeit), ob jemand beim "
        "Ausfüllen geholfen hat, und die Antworten als Codes – keine Namen, keine IP-Adressen. "
        "Jede Frage kann übersprungen werden; Anteile beziehen sich auf die Familien, die die "
        "jeweilige Frage beantwortet haben (n). Einzelne doppelte Antworten sind möglich.",
        "rules": "Regeln zum Schutz der Familien",
        "rules_text": "Zahlen unter {k} (bei Tabellen mit zwei Merkmalen und bei Freitext unter {k_strict}) "
        "werden nicht gezeigt, auch nicht die 0 („< {k}“). Damit kein ausgeblendeter Wert aus "
        "Zeilen-, Spalten- oder Gesamtsummen oder aus dem Vergleich zweier Befragungen "
        "errechnet werden kann, werden weitere Zellen ausgeblendet („×“), jeweils die kleinsten "
        "möglichen. Anteile werden nur aus gezeigten Zahlen berechnet. Wo sich eine Aufteilung "
        "so nicht schützen lässt, wird sie ganz ausgeblendet.",
        "questions": "Die Fragen (Wortlaut in deutscher Sprache)",
        "sources": "Datenquellen",
        "source_lor": "Geometrie der Bezirksregionen: {lor}.",
        "source_residents": "Kinder je Bezirksregion: {residents}.",
        "fields": "Zuordnung zu den Handlungsfeldern der Landesstrategie",
        "f_participation": "Teilhabe",
        "f_education": "Bildung",
        "f_health": "Gesund aufwachsen",
        "f_material": "Materielle Sicherheit",
        "chart_alt_bars": "Balkendiagramm „{title}“: {items}.",
        "chart_alt_stacked": "Gestapelte Balken „{title}“: {items}.",
        "chart_alt_waves": "Balkendiagramm „{title}“, vorher und jetzt: {items}.",
        "chart_alt_map": "Karte „{title}“: {items}.",
        "chart_alt_hidden": "{label} nicht ausgewiesen",
        "table_note": "Die Tabelle enthält die Werte des Diagramms.",
        "generated": "Erstellt am {date}",
        "page": "Seite {page}",
    },
    "en": {
        "title": "Family survey – results for district planning",
        "wave": "Survey",
        "period": "Period",
        "district": "District",
        "locations": "Survey locations",
        "languages_used": "Languages of the answers",
        "answers": "Answers",
        "questionnaire": "Questionnaire",
        "suppression_note": "Values below {k} are not shown (“< {k}”). “×”: hidden so that no small value "
        "can "
        "be worked out from totals. Tables with two breakdowns: values below {k_strict} "
        "are not shown.",
        "synthetic": "Note: this report is based on synthetic data (demo).",
        "s_cover": "Overview",
        "s_reach": "Reach",
        "s_needs": "What families find hard and what they wish for",
        "s_offers": "Offers: known, used – or not",
        "s_barriers": "Barriers and information channels by language",
        "s_wellbeing": "Wellbeing and support",
        "s_map": "Map of the district regions",
        "s_free_text": "Free text",
        "s_annex": "Annex: method, questions, rules, sources",
        "reach_intro": "How many families answered per district region (where they say they live), "
        "against the children under 18 living there.",
        "reach_table": "Answers per district region and per 100 children",
        "region": "District region",
        "children": "Children under 18",
        "per_100": "Answers per 100 children",
        "by_language": "Answers by language",
        "by_assisted": "Answered alone or with help",
        "by_location": "Answers by location",
        "language": "Language",
        "location": "Location",
        "answer": "Answer",
        "question": "Question",
        "wording": "Question (German wording)",
        "choices": "Answers (German)",
        "count": "Count",
        "share": "Share",
        "all": "All",
        "n": "n (answering)",
        "respondents": "Families",
        "field": "Field of action",
        "rank": "Rank",
        "single_parent": "Single parent",
        "many_children": "3 or more children",
        "on_benefits": "On benefits",
        "assisted": "With help",
        "self": "Alone",
        "_none": "Not stated",
        "by_family_type": "by family type",
        "by_age_group": "by age of the children",
        "by_language_group": "by language",
        "share_of_n": "share of the families who answered the question",
        "needs_intro": "Ordered by the number of mentions; hidden values come last, in questionnaire order. "
        "Several answers: up to three per family.",
        "funnel_intro": "“Don't know it” shows an information gap, “know it, don't use it” (together with "
        "the barriers) an access gap.",
        "funnel": "Offers: known and used",
        "offer": "Offer",
        "not_shown": "not shown",
        "barriers_intro": "Barriers and preferred channels by the language of the answer – pointers for "
        "opening "
        "times, childcare, language, forms and where to advertise.",
        "wellbeing_intro": "How families are doing and whether they have someone to ask, with the number of "
        "families answering (n).",
        "compare_title": "{question}: compared with the survey “{before}”",
        "before": "Before",
        "after": "Now",
        "change": "Change (percentage points)",
        "map_intro": "The district's regions, coloured by answers per 100 children. Hatched: not shown "
        "(too few answers).",
        "map_benefits": "Share of families on benefits by district region (where they live)",
        "map_caption": "Map: {measure}",
        "free_text_none": "This questionnaire has no free-text question.",
        "free_text_intro": "Free texts appear only after staff have reviewed and released them, and only "
        "for questions with at least {k} released texts – in random order, without place, date or "
        "language. The table shows how many families wrote something (shown from {k}).",
        "texts_given": "Free texts",
        "released_texts": "{question} – released texts",
        "texts_too_few": "Fewer than {k} texts are released for this question; none is shown.",
        "text": "Text",
        "breakdown": "Breakdown",
        "s_breakdown": "All questions {by}",
        "breakdown_intro": "Each question broken down {by}: shares of the families who answered the "
        "question; the row n gives their number per group. Values below {k} and cells they could be "
        "worked out from are hidden.",
        "b_location": "by survey location",
        "b_region": "by the location's district region",
        "b_home_region": "by where families live",
        "b_language": "by language",
        "b_assisted": "by answered alone or with help",
        "b_family_type": "by family type",
        "b_age_group": "by age of the children",
        "method": "Method",
        "method_text": "Anonymous survey at places families know (family centres, day-care centres, district "
        "mothers). Stored are the location, the language, the date (no time of day), whether "
        "someone helped, and the answers as codes – no names, no IP addresses. Every question "
        "can be skipped; shares are of the families who answered that question (n). A few "
        "duplicate answers are possible.",
        "rules": "Rules that protect the families",
        "rules_text": "Counts below {k} (below {k_strict} in tables with two breakdowns and for free text) "
        "are "
        "not shown, zero included (“< {k}”). So that no hidden count can be worked out from row, "
        "column or grand totals or from comparing two surveys, further cells are hidden (“×”), "
        "always the smallest possible. Shares are computed from shown counts only. Where a "
        "breakdown cannot be protected this way, it is hidden as a whole.",
        "questions": "The questions (German wording)",
        "sources": "Data sources",
        "source_lor": "Geometry of the district regions: {lor}.",
        "source_residents": "Children per district region: {residents}.",
        "fields": "Fields of action of the state strategy",
        "f_participation": "Participation",
        "f_education": "Education",
        "f_health": "Healthy growing up",
        "f_material": "Material security",
        "chart_alt_bars": "Bar chart “{title}”: {items}.",
        "chart_alt_stacked": "Stacked bars “{title}”: {items}.",
        "chart_alt_waves": "Bar chart “{title}”, before and now: {items}.",
        "chart_alt_map": "Map “{title}”: {items}.",
        "chart_alt_hidden": "{label} not shown",
        "table_note": "The table holds the chart's values.",
        "generated": "Made on {date}",
        "page": "Page {page}",
    },
}

# answer codes of the needs questions -> field of action of the city strategy
FIELDS = {
    "difficulties": {
        "money": "material",
        "housing": "material",
        "childcare_school": "education",
        "health": "health",
        "learning_german": "education",
        "finding_work": "material",
        "paperwork": "participation",
        "stress": "health",
        "leisure": "participation",
    },
    "wishes": {
        "free_leisure": "participation",
        "help_forms": "material",
        "counselling_own_language": "participation",
        "course_with_childcare": "education",
        "housing_help": "material",
        "parent_meeting": "participation",
        "playgrounds_green": "health",
        "homework_help": "education",
        "health_offers": "health",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    catalog = TEXTS.get(lang, TEXTS["de"])
    template = catalog.get(key, TEXTS["de"].get(key, key))
    return template.format(**values) if values else template
