"""`policyc push`: send a programme's export to the vendor's API, safely.

`plan` lists what exists and compares it with the payloads policyc builds (create / update /
unchanged / delete, matched by the `[policyc:<programme>/<slug>]` key in each object's
title); `apply` carries a plan out. `http.py` owns the HTTP client (timeouts, retries on
429/5xx honouring Retry-After, the first 4xx stops with the vendor's message); `zendesk.py`
and `pagerduty.py` speak each vendor's API. Errors are `PushError`s carrying a PC6xx code.
"""
