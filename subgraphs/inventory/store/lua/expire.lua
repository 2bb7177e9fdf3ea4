-- HELD -> EXPIRED for every reservation due by ARGV[1] (the prelude's sweep, run on its own); answers how many.
-- Only the prelude's keys and arguments. Atomic per call, like every sweep: a reservation is given back exactly once,
-- never while it is being committed or released.
return sweep()
