-- Fulfillments listed in groups of sorted sets, each with its order: per group a flat list (fulfillment id, order
-- JSON, ...), members of the group's sets merged by score.
-- KEYS: the order key prefix, the fulfillment → order hash, then the groups' sets. ARGV[1]: sets per group.
-- Atomic so that each fulfillment is read with its order at one instant: never a fulfillment whose order a concurrent write has changed.
local per_group = tonumber(ARGV[1])
local orders = {}
local groups = {}
for first = 3, #KEYS, per_group do
  local sets = {}
  for k = first, first + per_group - 1 do sets[#sets + 1] = KEYS[k] end
  local ids = redis.call('ZUNION', #sets, unpack(sets))
  local group = {}
  for _, fulfillment_id in ipairs(ids) do
    local order_id = redis.call('HGET', KEYS[2], fulfillment_id)
    if order_id then
      if orders[order_id] == nil then orders[order_id] = redis.call('GET', KEYS[1] .. order_id) or false end
      if orders[order_id] then
        group[#group + 1] = fulfillment_id
        group[#group + 1] = orders[order_id]
      end
    end
  end
  groups[#groups + 1] = group
end
return groups
