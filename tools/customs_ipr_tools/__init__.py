"""customs-ipr's tools for people and developers: the command line, the local moto stack,
the demo, sample drawing and the screening evaluation.

They import the domain package (``customs_ipr``) and are installed with it by
``pip install -e .``, but never go into the Lambda layer: the functions carry only the
runtime code of ``layers/customs_ipr``.
"""
