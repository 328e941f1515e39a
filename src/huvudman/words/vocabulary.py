"""The names a person reads for the codes the cores return: rules, mechanisms, fallbacks,
audit checks, comparison measures. Message ids here, translated by the catalogs where shown
(`words.catalogs`, and the portal's catalog falls back to it)."""

from __future__ import annotations

from huvudman.words.catalogs import _

#: A rule of the chain (and the contract's rule vocabulary) → its name.
RULES = {
    "special_reasons": _("special reasons"),
    "protected": _("protected identity"),
    "only_school_near_home": _("only one school near home"),
    "sibling": _("sibling priority"),
    "guarantee": _("guarantee school"),
    "proximity": _("relative proximity"),
    "distance": _("distance"),
    "lottery": _("lottery"),
    "explicit": _("explicit priority"),
    "fallback": _("fallback school"),
    "": _("no place"),
}

#: A mechanism → (its name, what it means for families).
MECHANISMS = {
    "deferred-acceptance": (
        _("Deferred acceptance"),
        _("Deferred acceptance (recommended): no child loses a place to a child with weaker "
          "priority, and ranking schools as one truly prefers them is always safe.")),
    "top-trading-cycles": (
        _("Top trading cycles"),
        _("Top trading cycles: children may swap the places they have priority for; nobody can "
          "be made better off without someone else being worse off.")),
    "top-trading-cycles-applicants": (
        _("Top trading cycles among applicants"),
        _("Top trading cycles in which a school trades only places its applicants have "
          "priority for (not the mechanism of the literature; for comparison only).")),
    "immediate-acceptance": (
        _("Immediate acceptance"),
        _("Immediate acceptance (\"Boston\"): first choices are filled first; families gain by "
          "ranking tactically, so it is shown for comparison only.")),
}

#: A fallback → what it does.
FALLBACKS = {
    "nearest": _("Give them the nearest school with a free place."),
    "none": _("Leave them without a place; staff contact the family."),
}

#: A fallback → its short name (run lists).
FALLBACK_NAMES = {"nearest": _("nearest free school"), "none": _("no fallback")}

#: A shipped rule-chain preset → (its name, what it does); a municipality's own rules file
#: brings its own words.
PRESETS = {
    "sibling-proximity": (
        _("Sibling first, then relative proximity"),
        _("Special reasons, then older sibling, then relative proximity by walking route, then "
          "absolute distance, then lottery.")),
    "protected-near-home": (
        _("Protected identity and only school near home first"),
        _("Special reasons and protected identity, then children with only one school within "
          "2 km, then older sibling, relative proximity, absolute distance, lottery.")),
    "sibling-fklass-2km": (
        _("Sibling priority in förskoleklass within 2 km"),
        _("Special reasons, then older sibling (förskoleklass only, home within 2 km of the "
          "school), then relative proximity, absolute distance, lottery.")),
    "guarantee-school": (
        _("Guarantee school, then sibling and relative proximity"),
        _("A child applying to its guarantee school is always admitted there; then special "
          "reasons, older sibling, relative proximity to the guarantee school, absolute "
          "distance, lottery.")),
}

#: A kind of special reasons an officer may approve → its name.
SPECIAL_REASON_CATEGORIES = {
    "medical": _("medical reasons"),
    "social": _("social reasons"),
    "special_needs": _("the child's special needs"),
    "other": _("other reasons"),
}

#: How distances were measured.
DISTANCE_KINDS = {"walking": _("walking distance"), "straight": _("straight-line distance")}

#: An audit check → (its name, what it checks).
AUDIT_CHECKS = {
    "capacity": (_("Places"), _("no school has more children than places")),
    "accounted": (_("Every child"), _("every child is placed or has a stated reason")),
    "choice_ranks": (_("Choice ranks"),
                     _("a child at a chosen school has that school's choice rank")),
    "no_justified_envy": (_("Priority order"),
                          _("no child was refused where someone with weaker priority got a "
                            "place")),
    "no_waste": (_("No empty places"),
                 _("no child was refused at a school that kept a place empty")),
    "fallback_nearest": (_("Fallback"),
                         _("a fallback child went to the nearest school with a place left")),
    "guaranteed_distance": (_("Guaranteed distance"),
                            _("every child the municipality assigns a school is placed within "
                              "its guaranteed distance")),
}

#: A comparison measure → its name.
MEASURES = {
    "mechanism": _("mechanism"),
    "rules": _("rule chain"),
    "distance": _("distances measured as"),
    "seed": _("lottery seed"),
    "first_choice_share": _("first choice"),
    "any_choice_share": _("any choice"),
    "fallback_share": _("fallback school"),
    "unplaced_share": _("no place"),
    "distance_median_m": _("median distance"),
    "distance_p90_m": _("distance, 90th percentile"),
    "distance_mean_m": _("mean distance"),
    "distance_max_m": _("longest distance"),
    "envy_children": _("children with justified envy"),
    "theil_h": _("segregation across districts (Theil H)"),
    "moved": _("children placed differently"),
}
#: How a home was found in the municipality's address register (addresses.index.QUALITIES).
ADDRESS_QUALITIES = {
    "exact": _("found exactly"),
    "other_entrance": _("another entrance of the same number"),
    "nearby_number": _("a number nearby on the same side of the street"),
    "near_street_name": _("the street's name written a little differently"),
    "not_found": _("not found"),
    "corrected": _("corrected by a placement officer"),
}
