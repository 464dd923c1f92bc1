"""The report's own texts in German and English (questions and answers come from the
questionnaire, places from the database; numbers and dates are formatted by Babel)."""

from __future__ import annotations

LANGUAGES = ("de", "en")

TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Familienbefragung – Ergebnisse",
        "wave": "Befragung",
        "period": "Zeitraum",
        "district": "Bezirk",
        "locations": "Orte der Befragung",
        "languages_used": "Sprachen der Antworten",
        "answers": "Antworten",
        "questionnaire": "Fragebogen",
        "release": "Stand",
        "release_full": "Bericht Nr. {number} vom {date}, nach Ende der Befragung",
        "release_interim": "Zwischenstand Nr. {number} vom {date} (die Befragung läuft noch)",
        "suppression_note": "× = nicht ausgewiesen: eine Zahl unter {k}, oder eine Zahl, aus der sich eine "
        "Zahl unter {k} errechnen ließe – auch zusammen mit allen anderen Tabellen und Berichten dieser "
        "Befragung.",
        "interim_note": "Zwischenstand: Solange die Befragung läuft, zeigt der Bericht nur Ergebnisse für "
        "alle Familien zusammen, in Schritten von {k} Antworten. Aufteilungen nach Ort, Sprache und "
        "Fragen folgen, wenn die Befragung beendet ist.",
        "held_back_note": "{held} neuere Antworten sind in diesem Bericht nicht enthalten: Zusammen mit "
        "dem vorigen Bericht ließe sich sonst erkennen, wie einzelne Familien geantwortet haben. Sie "
        "erscheinen, sobald genug weitere Antworten dazukommen.",
        "s_reach": "Wer geantwortet hat",
        "s_needs": "Was Familien schwer fällt und was sie sich wünschen",
        "s_offers": "Angebote: bekannt, genutzt – oder nicht",
        "s_barriers": "Hürden und Wege der Information nach Sprache",
        "s_wellbeing": "Wohlbefinden und Unterstützung",
        "s_map": "Karte der Bezirksregionen",
        "s_questions": "Die Fragen",
        "s_more_questions": "Weitere Fragen",
        "s_compare": "Vergleich mit früheren Befragungen",
        "s_measures": "Maßnahmen aus früheren Befragungen",
        "measures_intro": "Was der Bezirk nach früheren Befragungen getan hat, neben der Antwort, an der "
        "sich die Wirkung zeigen soll: ihr Anteil in jener Befragung und in dieser (veröffentlichte Zahlen).",
        "measures_caption": "Maßnahmen und die Antwort, an der sich ihre Wirkung zeigt",
        "measure": "Maßnahme",
        "status": "Stand",
        "then": "Damals",
        "now": "Jetzt",
        "status_planned": "geplant",
        "status_started": "begonnen",
        "status_done": "umgesetzt",
        "status_not_possible": "nicht möglich",
        "s_free_text": "Freitext",
        "s_annex": "Anhang: Methode, Fragen, Regeln, Quellen",
        "reach_intro": "Wie viele Familien an welchem Ort, in welcher Sprache und mit oder ohne Hilfe "
        "geantwortet haben.",
        "home_intro": "Wie viele Familien je Bezirksregion geantwortet haben (nach eigener Angabe, wo sie "
        "wohnen), im Verhältnis zu den dort lebenden Kindern unter 18 Jahren.",
        "reach_table": "Antworten je Wohngegend und je 100 Kinder",
        "region": "Bezirksregion",
        "home_area": "Wohngegend",
        "children": "Kinder unter 18",
        "per_100": "Antworten je 100 Kinder",
        "by_dimension": "Antworten nach {dimension}",
        "group": "Gruppe",
        "answer": "Antwort",
        "question": "Frage",
        "wording": "Frage (Wortlaut)",
        "choices": "Antworten",
        "count": "Anzahl",
        "share": "Anteil",
        "all": "Alle",
        "base": "n (haben die Frage gesehen)",
        "families": "Familien",
        "field": "Handlungsfeld",
        "_none": "Keine Angabe",
        "_text": "haben etwas geschrieben",
        "_value": "haben eine Zahl angegeben",
        "range_to": "bis {high}",
        "range_from": "{low} und mehr",
        "range": "{low} bis {high}",
        "range_all": "alle Angaben",
        "yes": "Ja",
        "no": "Nein",
        "self": "Selbst ausgefüllt",
        "assisted": "Mit Unterstützung",
        "_noregion": "Ohne Bezirksregion",
        "merged": "{first} und weitere: {members}",
        "merged_other": "Weitere: {members}",
        "outside_region": "zusammengefasst",
        "share_of_base": "Anteile in Prozent der Familien, die die Frage gesehen haben (n). ",
        "note_condition": "Nur gefragt, wenn bei „{question}“ geantwortet wurde: {answers}. ",
        "note_multiple": "Mehrfachauswahl ({limit}); eine Familie zählt bei jeder gewählten Antwort. ",
        "note_up_to": "bis zu {max} Antworten",
        "note_any": "beliebig viele Antworten",
        "note_exclusive": "„{choice}“ schließt die anderen aus. ",
        "note_top_two": "Die beiden besten Stufen zusammen: {share}. ",
        "note_ranges": "Bereiche aus den Angaben gebildet, jeder mit mindestens {k} Familien. ",
        "note_median": "Median: {median}. ",
        "note_own_breakdown": "Nicht nach der eigenen Frage aufgeteilt. ",
        "note_linked_breakdown": "Nicht nach {by} aufgeteilt: Eine der beiden Fragen wird nur nach einer "
        "bestimmten Antwort auf die andere gestellt. ",
        "note_ranked": "Reihenfolge nach der Zahl der Nennungen; ausgeblendete Antworten am Ende. ",
        "needs_intro": "Was Familien gerade schwer fällt und was sie sich wünschen, geordnet nach der Zahl "
        "der Nennungen, und wie sich das nach Familienform unterscheidet.",
        "funnel_intro": "„Kenne ich nicht“ zeigt eine Informationslücke, „Kenne ich, nutze ich nicht“ "
        "(zusammen mit den Hürden) eine Zugangslücke.",
        "funnel": "Angebote im Überblick",
        "offer_column": "Angebot",
        "not_shown": "nicht ausgewiesen",
        "barriers_intro": "Hürden und bevorzugte Informationswege je Sprache der Antwort – Hinweise für "
        "Öffnungszeiten, Kinderbetreuung, Sprache, Formulare und wo geworben wird.",
        "wellbeing_intro": "Wie es den Familien geht und ob sie jemanden fragen können.",
        "questions_intro": "Jede Frage mit den Anteilen ihrer Antworten.",
        "compare_intro": "Fragen, die in beiden Befragungen gleich gestellt wurden (gleicher Code, gleiche "
        "Antworten). Anteile in Prozent der Familien, die die Frage gesehen haben; Veränderung in "
        "Prozentpunkten, nur wo beide Anteile ausgewiesen sind.",
        "compare_title": "{question} – Vergleich mit „{before}“",
        "compare_none": "Die gewählte Befragung hat keine Frage mit dieser gemeinsam.",
        "trend_title": "{question} – Verlauf über {count} Befragungen",
        "compare_left_out": "Nicht verglichen, weil in einer der Befragungen anders zusammengefasst, "
        "ausgeblendet oder nicht gefragt: {rows}.",
        "compare_no_rows": "{question}: Die Antworten sind in den Befragungen unterschiedlich "
        "zusammengefasst oder ausgeblendet; ein Vergleich ist nicht möglich.",
        "difference": "Veränderung (Prozentpunkte)",
        "map_intro": "Bezirksregionen des Bezirks, eingefärbt nach Antworten je 100 Kinder. Schraffiert: "
        "nicht ausgewiesen oder mit anderen Regionen zusammengefasst.",
        "map_caption": "Karte: {measure} – eingefärbt sind die Bezirksregionen mit eigenem Wert",
        "map_share": "Anteil „{answer}“ nach Wohngegend",
        "free_text_none": "Dieser Fragebogen enthält keine Freitextfrage.",
        "free_text_intro": "Freitexte erscheinen erst, wenn die Befragung beendet ist und Mitarbeitende sie "
        "gesichtet und freigegeben haben, und nur bei Fragen mit mindestens {k} freigegebenen Texten – "
        "in alphabetischer Reihenfolge, ohne Ort, Datum oder Sprache.",
        "released_texts": "{question} – freigegebene Texte",
        "texts_too_few": "Zu dieser Frage sind (noch) weniger als {k} Texte zur Veröffentlichung "
        "freigegeben; sie werden nicht gezeigt.",
        "text": "Text",
        "breakdown": "Aufteilung",
        "breakdown_by": "nach {dimension}",
        "compared_with": "Verglichen mit",
        "d_location": "Ort der Befragung",
        "d_region": "Bezirksregion des Ortes",
        "d_language": "Sprache",
        "d_assisted": "selbst oder mit Unterstützung",
        "method": "Methode",
        "method_text": "Anonyme Befragung an Orten, die Familien kennen (Familienzentren, Kitas, "
        "Stadtteilmütter). Gespeichert werden Ort, Sprache, Datum (ohne Uhrzeit), ob jemand beim "
        "Ausfüllen geholfen hat, und die Antworten als Codes – keine Namen, keine IP-Adressen. "
        "Jede Frage kann übersprungen werden; Anteile beziehen sich auf die Familien, die die "
        "jeweilige Frage gesehen haben (n), einschließlich „Keine Angabe“. Einzelne doppelte "
        "Antworten sind möglich.",
        "rules": "Regeln zum Schutz der Familien",
        "rules_text": "Keine Zahl unter {k} wird gezeigt, auch nicht die 0, und keine lässt sich "
        "errechnen – weder aus einer Tabelle noch aus allen Tabellen, Aufteilungen, Downloads, "
        "Zwischenständen und veröffentlichten Ergebnissen dieser Befragung zusammen. Dafür werden "
        "Gruppen unter {k_group} Familien zusammengefasst, weitere Zellen ausgeblendet, wo eine kleine "
        "Zahl sonst errechnet werden könnte, und neue Antworten erst gezeigt, wenn jede Gruppe um "
        "mindestens {k} gewachsen ist. Anteile werden nur aus gezeigten Zahlen berechnet. Freitexte "
        "erscheinen erst ab {k_strict} freigegebenen Texten je Frage.",
        "questions": "Die Fragen (Wortlaut in der Ausgangssprache)",
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
        "chart_alt_waves": "Balkendiagramm „{title}“ je Befragung: {items}.",
        "chart_alt_map": "Karte „{title}“: {items}.",
        "generated": "Erstellt am {date}",
        "kept_only": "Die einzelnen Antworten wurden am {date} gelöscht (Aufbewahrungsfrist); der Bericht "
        "zeigt seitdem die zuvor veröffentlichten Ergebnisse.",
        "page": "Seite {page}",
        "contents": "Inhalt",
    },
    "en": {
        "title": "Family survey – results",
        "wave": "Survey",
        "period": "Period",
        "district": "District",
        "locations": "Survey locations",
        "languages_used": "Languages of the answers",
        "answers": "Answers",
        "questionnaire": "Questionnaire",
        "release": "As of",
        "release_full": "Report no. {number} of {date}, after the survey ended",
        "release_interim": "Interim report no. {number} of {date} (the survey is still running)",
        "suppression_note": "× = not shown: a count below {k}, or a count from which one below {k} could be "
        "worked out – also together with every other table and report of this survey.",
        "interim_note": "Interim report: while the survey runs, the report shows results for all families "
        "together only, in steps of {k} answers. Breakdowns by location, language and questions follow "
        "when the survey has ended.",
        "held_back_note": "{held} newer answers are not in this report: together with the previous report "
        "they would show how single families answered. They appear once enough further answers come in.",
        "s_reach": "Who answered",
        "s_needs": "What families find hard and what they wish for",
        "s_offers": "Offers: known, used – or not",
        "s_barriers": "Barriers and information channels by language",
        "s_wellbeing": "Wellbeing and support",
        "s_map": "Map of the district regions",
        "s_questions": "The questions",
        "s_more_questions": "Further questions",
        "s_compare": "Compared with earlier surveys",
        "s_measures": "Measures after earlier surveys",
        "measures_intro": "What the district did after earlier surveys, beside the answer that would show "
        "its effect: its share in that survey and in this one (published figures).",
        "measures_caption": "Measures and the answer that shows their effect",
        "measure": "Measure",
        "status": "Status",
        "then": "Then",
        "now": "Now",
        "status_planned": "planned",
        "status_started": "started",
        "status_done": "done",
        "status_not_possible": "not possible",
        "s_free_text": "Free text",
        "s_annex": "Annex: method, questions, rules, sources",
        "reach_intro": "How many families answered at which location, in which language, and alone or with "
        "help.",
        "home_intro": "How many families answered per district region (where they say they live), "
        "against the children under 18 living there.",
        "reach_table": "Answers per home area and per 100 children",
        "region": "District region",
        "home_area": "Home area",
        "children": "Children under 18",
        "per_100": "Answers per 100 children",
        "by_dimension": "Answers by {dimension}",
        "group": "Group",
        "answer": "Answer",
        "question": "Question",
        "wording": "Question (wording)",
        "choices": "Answers",
        "count": "Count",
        "share": "Share",
        "all": "All",
        "base": "n (saw the question)",
        "families": "Families",
        "field": "Field of action",
        "_none": "Not stated",
        "_text": "wrote something",
        "_value": "gave a number",
        "range_to": "up to {high}",
        "range_from": "{low} or more",
        "range": "{low} to {high}",
        "range_all": "all numbers given",
        "yes": "Yes",
        "no": "No",
        "self": "Answered alone",
        "assisted": "With help",
        "_noregion": "No district region",
        "merged": "{first} and more: {members}",
        "merged_other": "Others: {members}",
        "outside_region": "merged",
        "share_of_base": "Shares in per cent of the families who saw the question (n). ",
        "note_condition": "Asked only after the answer {answers} to “{question}”. ",
        "note_multiple": "Several answers ({limit}); a family counts for each answer it chose. ",
        "note_up_to": "up to {max}",
        "note_any": "any number",
        "note_exclusive": "“{choice}” excludes the others. ",
        "note_top_two": "The two best steps together: {share}. ",
        "note_ranges": "Ranges made from the answers, each holding at least {k} families. ",
        "note_median": "Median: {median}. ",
        "note_own_breakdown": "Not broken down by its own question. ",
        "note_linked_breakdown": "Not broken down by {by}: one of the two questions is asked only after a "
        "certain answer to the other. ",
        "note_ranked": "Ordered by the number of mentions; hidden answers come last. ",
        "needs_intro": "What families find hard and what they wish for, ordered by the number of mentions, "
        "and how this differs by family type.",
        "funnel_intro": "“Don't know it” shows an information gap, “know it, don't use it” (together with "
        "the barriers) an access gap.",
        "funnel": "Offers at a glance",
        "offer_column": "Offer",
        "not_shown": "not shown",
        "barriers_intro": "Barriers and preferred channels by the language of the answer – pointers for "
        "opening times, childcare, language, forms and where to advertise.",
        "wellbeing_intro": "How families are doing and whether they have someone to ask.",
        "questions_intro": "Every question with the shares of its answers.",
        "compare_intro": "Questions asked alike in both surveys (same code, same answers). Shares in per "
        "cent of the families who saw the question; change in percentage points, only where both shares "
        "are shown.",
        "compare_title": "{question} – compared with “{before}”",
        "compare_none": "The chosen survey has no question in common with this one.",
        "trend_title": "{question} – over {count} surveys",
        "compare_left_out": "Not compared, because grouped differently, hidden or not asked in one of the "
        "surveys: {rows}.",
        "compare_no_rows": "{question}: the answers are grouped differently or hidden in the surveys; they "
        "cannot be compared.",
        "difference": "Change (percentage points)",
        "map_intro": "The district's regions, coloured by answers per 100 children. Hatched: not shown or "
        "merged with other regions.",
        "map_caption": "Map: {measure} – coloured are the district regions with a value of their own",
        "map_share": "Share “{answer}” by home area",
        "free_text_none": "This questionnaire has no free-text question.",
        "free_text_intro": "Free texts appear only after the survey has ended and staff have reviewed and "
        "released them, and only for questions with at least {k} released texts – in alphabetical order, "
        "without place, date or language.",
        "released_texts": "{question} – released texts",
        "texts_too_few": "Fewer than {k} texts are released for publication for this question (yet); none "
        "is shown.",
        "text": "Text",
        "breakdown": "Breakdown",
        "breakdown_by": "by {dimension}",
        "compared_with": "Compared with",
        "d_location": "survey location",
        "d_region": "district region of the location",
        "d_language": "language",
        "d_assisted": "alone or with help",
        "method": "Method",
        "method_text": "Anonymous survey at places families know (family centres, day-care centres, district "
        "mothers). Stored are the location, the language, the date (no time of day), whether someone "
        "helped, and the answers as codes – no names, no IP addresses. Every question can be skipped; "
        "shares are of the families who saw the question (n), “not stated” included. A few duplicate "
        "answers are possible.",
        "rules": "Rules that protect the families",
        "rules_text": "No count below {k} is shown, zero included, and none can be worked out – neither "
        "from one table nor from all tables, breakdowns, downloads, interim reports and published results "
        "of this survey together. To that end groups below {k_group} families are merged, further cells "
        "are hidden where a small count could otherwise be worked out, and new answers appear only once "
        "every group has grown by at least {k}. Shares are computed from shown counts only. Free texts "
        "appear from {k_strict} released texts per question.",
        "questions": "The questions (wording in the source language)",
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
        "chart_alt_waves": "Bar chart “{title}” per survey: {items}.",
        "chart_alt_map": "Map “{title}”: {items}.",
        "generated": "Made on {date}",
        "kept_only": "The single answers were deleted on {date} (retention period); since then the report "
        "shows the results published before.",
        "page": "Page {page}",
        "contents": "Contents",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    catalog = TEXTS.get(lang, TEXTS["de"])
    template = catalog.get(key, TEXTS["de"].get(key, key))
    return template.format(**values) if values else template
