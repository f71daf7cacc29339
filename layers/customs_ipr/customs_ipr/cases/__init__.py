"""Cases: the record of a suspected shipment and the Step Functions workflow carrying it
through the deadlines of Implementing Measures Art. 21–32.

Modules (import what you need; nothing heavy is imported here):

- ``model``: ``Case`` and its items (history events, deadlines, notices, documents) and the
  DynamoDB layout of the cases table.
- ``repository``: the ``CaseRepository`` protocol; ``store``: ``CaseStore`` (DynamoDB: get /
  list via gsi1 / view / conditional ``take_wait``; the kept last answer, served notices,
  calendar-stop markers; every DynamoDB key is built there); ``memory_store``:
  ``InMemoryCaseStore``, the same behaviour in memory for fast tests.
- ``opening``: ``start_case(declaration, screening, consignee_email=, started_on=)`` for
  ingest; ``start_application_case`` / ``start_personal_case`` / ``start_unidentified_case``;
  case ids. ``hits``: what a case needs of screening (``CaseHit``). ``executions``: starting
  a case's Step Functions execution (also for a resumed stopped case).
- ``inputs``: the officers' input models, a pydantic union discriminated on ``kind``.
- ``submission``: ``submit_input(case_id, kind, data, received_on=, request_id=)`` for
  officers' inputs; ``resume_with_reply(reply, received_on=, document_key=,
  document_sha256=)`` for a parsed holder reply; the checks an answer passes before it
  takes the wait. ``resume``: handing the answer over exactly once (``SendTaskSuccess``).
- ``tasks``: the Lambda tasks of ``statemachine/case.asl.json`` (``run(CaseTaskEvent)``), a
  package: registry, injected context, issuing, periods, one module per path.
- ``history``: the case's history events (and the ones counted as metrics); ``facts``: what
  a case's notices state; ``preview``: a stored case's notice of a kind, for previews.
- ``clock``: legal time, injected: real Beijing time or the virtual clock; the end of a due
  date; the callbacks' safety-net timeout.
- ``timers``: one EventBridge Scheduler schedule per wait, fired at 24:00 Beijing on its due
  date (``fire`` ends the wait with ``DeadlinePassed``); moved when a deadline moves.
- ``service``: ``notice_served`` (a notice served by other means starts its period) and
  ``recompute_deadline`` (calendar changed).
- ``notify``: the one adapter to ``customs_ipr.notices`` (number, render, archive, e-mail).
- ``contacts``: traders' e-mail addresses for notices.
- ``api_models``: bodies for opening cases by hand (CLI and API).
- ``rules``: the legal rules of the tasks, pure, one module per article (guarantee,
  application, settlement, personal, unidentified) and ``periods`` (office periods, waits).
- ``calendar_stops``: cases stopped on a year the calendar does not know (their markers);
  ``calendar_resume``: restarting them once the year is known.

Execution input: ``{"case_id", "path", "require_declaration", "court_rule", "answer": {}}``;
everything else is read from the case record by the tasks. The execution is named after
the case id, so one case has one execution — plus ``<case_id>-r<n>`` when a case stopped on
an unknown calendar year is resumed (its input adds ``resume_at``, the state to restart in).

Paths and the choices made where the law leaves room:

- Ex officio: with ``require_ip_status_declaration`` the trader gets 3 working days
  (office practice) to declare; silence or a declaration that leaves customs suspicious →
  suspension (Art. 21 ¶2) and the holder's notice; a declaration that convinces the officer
  clears the goods without any notice (they were never suspended). The holder has 3
  working days (Art. 22): silence → release (no application); "no detention" → release;
  "detain" with a guarantee of at least the Art. 23 amount (converted to RMB at the month's
  rate) or, for trademarks only, a GAC general guarantee whose approval date to 31 Dec
  (and expiry) covers the date, and that GAC has not called → detention notice + voucher.
  A guarantee short of the amount keeps the case waiting for a top-up until the end of the
  3 days (``rules.guarantee``); then release (no guarantee). The officer's investigation
  result is awaited until the Art. 28 deadline (30 working days from detention); no result
  by then → the Art. 28 notice is issued (customs' duty), then the court assistance
  notice is awaited until day 50 (Art. 29) → release.
  A settlement (with its agreement on file) releases at either stage unless the officer
  suspects a crime (then referral, no release); a patent case may be released against a
  counter-guarantee equal to the value. A penalty decision (fine checked < 30 % of the
  value) confiscates with the Art. 30 notice; ``criminal_referral`` records the referral.
- Upon application: the guarantee must equal the value (else a written refusal); the goods
  are detained at once and the court notice is awaited 20 working days from detention
  (Regulations Art. 24 (1), which the notices cite).
- Personal items (Art. 31): a kind of goods above its reasonable quantity (operator table,
  ``cases.rules.personal``) → detained with a notice to the person and to the holder; the
  person has 3 working days (office practice) to renounce or explain before the
  investigation, and may still renounce, with the officer's consent, while it runs. A
  written explanation can be recorded at any time.
- Unidentified parties (Art. 32): the officer's infringement finding, then the public
  announcement (served by other means: no e-mail), confiscation after 3 months (same day of
  the month, clamped) with the Art. 30 notice to the holder; a party who comes forward
  turns the case into an investigation whose periods count from the identification.
"""
