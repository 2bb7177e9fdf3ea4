-- Reads several newest-first lists in one command (timelines, service cases: a whole batch of customers).
-- KEYS: pairs of (sorted set of ids, hash of id -> JSON), as many as the batch has; no ARGV.
-- Answers one array of JSON records per pair, highest score first.
-- One script rather than a pipeline so that each list and its records are read at one instant: a record written
-- between ZRANGE and HGETALL could otherwise be listed without its JSON.
local out = {}
for i = 1, #KEYS, 2 do
  local list = {}
  local ids = redis.call('ZRANGE', KEYS[i], 0, -1, 'REV')
  if #ids > 0 then
    local flat = redis.call('HGETALL', KEYS[i + 1])
    local byId = {}
    for j = 1, #flat, 2 do byId[flat[j]] = flat[j + 1] end
    for _, id in ipairs(ids) do
      if byId[id] then list[#list + 1] = byId[id] end
    end
  end
  out[#out + 1] = list
end
return out
