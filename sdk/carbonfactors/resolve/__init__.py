"""How one factor is chosen: the rules, each a pure function of a store's ``FactorIndex``.

``grid`` (grid intensity), ``pue`` and ``hardware`` (power, lifetime, in-use share,
embodied, names). ``Dataset`` is a thin facade over them; the engine, the frame kernel,
the explorer and the service all reach the rules through it, so no rule is written twice.
"""
