-- Records by reference: one entry per field of a hash of ids, false where either is missing.
-- KEYS: the record key prefix, the hash. ARGV: fields.
-- Atomic so that the ids and the records they point at are read at one instant: a record is never paired with an index entry a concurrent write has moved.
local records = {}
for i, field in ipairs(ARGV) do
  local id = redis.call('HGET', KEYS[2], field)
  records[i] = id and redis.call('GET', KEYS[1] .. id) or false
end
return records
