"""The recordation lifecycle: applications, decisions, changes, renewals and the daily schedule.

One room each: ``intake`` (receive an application, in steps), ``decisions`` (approve or
reject, in steps), ``changes``, ``renewals`` (pure date maths), ``schedule`` (the daily
run; alerts through an ``AlertSender``), ``documents`` (the archive of attached PDFs),
``common`` (what they share) and ``service`` (``Lifecycle``, which wires them; the stores,
the notifier, the archive and the alert sender are given to it, built for production by
``default_lifecycle``). An upload to S3 is read by ``customs_ipr.ingest.recordation_files``.

Choices a holder or an officer should know (README material):

* **Receipt.** An application is received on the day it arrives (China time; for an
  upload, the object's time). A complete application's decision is due 30 working days
  later (rule ``recordation_decision``). When the working-day calendar does not know the
  due date's year, the application is still recorded as pending, with ``due_problem``
  saying why no date is shown; no receipt notice is sent until the date is known, and the
  daily schedule alerts officers about it every day.
* **Incomplete / rejected → resubmit.** A corrected application names the one it replaces
  (``resubmission_of``); it gets its own number, its own receipt date and a new
  30-working-day period. The old one is marked ``resubmitted``.
* **Numbers.** ``<letter><year of approval>-<5-digit sequence>`` with one atomic counter
  per letter and year: T trademark, P patent, C copyright, O Olympic symbol,
  E World Expo symbol.
* **Validity.** From the day of approval until the same date 10 years later
  (``deadlines.add_months``, the project's month convention), cut to the IP's own expiry.
* **Renewal.** Possible in the 6 months before the recordation lapses, i.e. from
  ``renewal_window_opens(valid_until)`` (same date 6 months earlier, clamped) up to and
  including ``valid_until``. The new term starts the day after the current one ends and
  runs until the same date 10 years after the old expiry, never past the IP's expiry. The
  new term is stored as a pending renewal and switched in by the daily schedule on its
  first day (run it just after midnight China time): ``valid_until`` moves to the new
  expiry, ``term_from`` to the new term's first day, and ``valid_from`` stays the first
  approval, as in the GAC's register. The holder is reminded once per term, on the first daily run
  inside the window.
* **Lapse.** The day after ``valid_until`` without a renewal the schedule marks the
  recordation ``lapsed``; screening already ignores it from that day by its dates.
* **Changes.** Filed within 30 working days of the change (rule ``recordation_change``);
  a change filed later is still recorded, flagged ``late``. Changes may set the holder,
  agent, goods, aliases, licensees or known infringers, or add / remove licensees.
* **Decision alerts.** Every open application whose decision is due within
  ``ALERT_WORKING_DAYS`` working days, or overdue, or whose date is unknown, is listed in one
  SNS alert per daily run.
"""
