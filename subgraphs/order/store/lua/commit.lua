-- Applies a change only if everything it was computed from is unchanged.
-- KEYS: every key the change checks or writes.
-- ARGV: check count; per check (key index, hash field or '' for the key itself, SHA-1 of the expected value or ''
-- for "absent"); then the change.
-- Returns 1 when applied, 0 when something moved (nothing written).
-- Atomic because the check (every value still what the change was computed from) and the writes must be one step: no other instance's write may land between them (WATCH/MULTI in one script, safe on a shared connection).
-- Loaded after change-ops.lua, whose helpers it calls.
local checks = tonumber(ARGV[1])
local from = 2 + 3 * checks
if not well_formed(from) then return redis.error_reply('ERR malformed order-store change') end
for c = 0, checks - 1 do
  local key, field, expected = KEYS[tonumber(ARGV[2 + 3 * c])], ARGV[3 + 3 * c], ARGV[4 + 3 * c]
  local current
  if field == '' then current = redis.call('GET', key) else current = redis.call('HGET', key, field) end
  if expected == '' then
    if current then return 0 end
  elseif not current or redis.sha1hex(current) ~= expected then
    return 0
  end
end
apply(from, function (value) return value end)
return 1
