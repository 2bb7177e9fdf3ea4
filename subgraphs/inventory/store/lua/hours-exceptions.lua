-- Dated exceptions to the weekly hours of several locations, without the prelude (hours hold no stock to sweep).
-- KEYS: one hours-exceptions hash per location (date -> HoursExceptionRecord JSON). Answers one HGETALL reply per
-- key, in order (empty where the location has none). One script so a batch of locations is one round trip and one
-- instant, like every other batched read of the store.
local answers = {}
for i, key in ipairs(KEYS) do answers[i] = redis.call('HGETALL', key) end
return answers
