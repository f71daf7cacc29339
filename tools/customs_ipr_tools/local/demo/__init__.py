"""``customs-ipr demo`` (``make demo``): the real pipeline, end to end, on one machine.

It starts the local runtime (embedded moto server, every resource of ``template.yaml``,
the upload pump), imports ``samples/recordations.json`` through the real import path
(an upload to ``recordations/``), uploads five declaration PDFs and drives the cases they
open down the paths of the Implementing Measures on the virtual legal clock:

| declaration | goods | expected |
| --- | --- | --- |
| 2026-09-14 | unbranded cutlery | released at screening (no recordation) |
| 2026-09-15 | NIKE shoes to Nike's licensed user | released at screening (licensed user) |
| 2026-09-16 | ADIDAS shoes | holder silent 3 working days → released (Art. 25) |
| 2026-09-17 | NIKE backpacks | holder applies + guarantee → detained → confiscated (Art. 30) |
| 2026-09-18 | LEGO toys | holder applies + guarantee → detained → settled → released (Art. 27) |

Dates: the calendar (chinese-calendar, plus the override table) knows PRC working days only
up to 2026, and a deadline must never be guessed. The declarations are therefore dated
14-18 September 2026. The virtual clock (``customs_ipr_tools.local.virtual_time``) starts on
14 September 2026 at 09:00 Beijing time; each declaration is uploaded on its own date, each
answer is given on the date the clock shows, and the clock then moves from one deadline
timer to the next (a wait ends at 24:00 on its due date). The stack settles completely
after every step, so the same legal dates, notice numbers and outcomes come out of every
run, however busy the machine is.

Officers' inputs go through ``customs_ipr.cases.submission.submit_input`` (what ``customs-ipr
case`` and the officer API call); holders' replies are PDFs quoting the real notice number,
drawn at run time (``customs_ipr_tools.local.sample_documents``) and uploaded to ``replies/``.

Output in ``--out``: ``mailbox/`` (every notice as ``.eml``), ``notices/`` (the archived
notice PDFs copied from S3), ``uploads/`` (the PDFs that were uploaded), ``summary.json``.
Exit non-zero (``DemoFailed``) if any scenario did not end as expected.
"""
