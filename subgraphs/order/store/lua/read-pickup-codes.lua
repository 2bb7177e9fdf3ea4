-- Fulfillments filed under each pickup code at one store: per code a flat list (fulfillment id, order JSON, ...).
-- The store's codes are one sorted set of 'CODE|fulfillment id' members, read by lexical range.
-- KEYS: the order key prefix, the fulfillment → order hash, the store's code set. ARGV: codes.
-- Atomic so that a code's fulfillments are read with their orders at one instant.
local answers = {}
for i, code in ipairs(ARGV) do
  local found = {}
  for _, member in ipairs(redis.call('ZRANGEBYLEX', KEYS[3], '[' .. code .. '|', '(' .. code .. '}')) do
    local fulfillment_id = string.sub(member, #code + 2)
    local order_id = redis.call('HGET', KEYS[2], fulfillment_id)
    local order = order_id and redis.call('GET', KEYS[1] .. order_id)
    if order then
      found[#found + 1] = fulfillment_id
      found[#found + 1] = order
    end
  end
  answers[i] = found
end
return answers
