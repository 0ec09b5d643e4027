"""Pure business rules: plain functions over plain values (no Flask, no database).

Visitor-facing strings are marked with :func:`madfam.rules._text.N_` and translated
by the application at display time; results that get persisted carry stable keys.
"""
