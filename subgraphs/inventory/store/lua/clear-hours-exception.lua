-- Removes one dated exception to a location's weekly hours, without the prelude (hours hold no stock to sweep).
-- KEYS[1]: the location's hours-exceptions hash; ARGV[1]: the local date, "YYYY-MM-DD".
-- Answers the removed record's JSON, nil when there was none. Atomic so that of two managers clearing the same day
-- exactly one is told what was removed.
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then redis.call('HDEL', KEYS[1], ARGV[1]) end
return raw
