"""Exports to the systems support teams run: Zendesk (`zendesk.py`) and PagerDuty
(`pagerduty.py`). Each turns a programme and its `Export` mapping into the request bodies of
the vendor's API, plus warnings (PC430–PC439) for what the vendor cannot express.

In: the IR. Out: payloads (used by the emitters and by `policyc push`), `Finding`s, and the
artifacts under `exports/<system>/<programme>/`.
"""
