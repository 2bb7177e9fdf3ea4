-- Marks a bulk write (a seed) done: moves the version and records it as the bulk version.
-- KEYS[1] version, KEYS[2] bulk version. Answers the new version. Atomic so that no instance sees the new version
-- without the bulk marker and catches up by changes that were never logged.
local version = redis.call('INCR', KEYS[1])
redis.call('SET', KEYS[2], version)
return version
