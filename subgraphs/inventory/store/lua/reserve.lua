-- Holds a plan, or nothing, after the sweep (prelude.lua).
-- KEYS[2]: the idempotency key's marker; KEYS[3]: the new reservation; KEYS[4..]: the stock hashes the caller planned
--          from (every hold's SKU among them).
-- ARGV[5]: reservation id; ARGV[6]: its JSON; ARGV[7]: expiry (epoch ms); ARGV[8]: '1' to ignore safety stock;
-- ARGV[9..]: location id, SKU, quantity per (location, SKU) total.
-- Answers { 'existing', JSON } when the key is taken, { 'conflict', field/value list per hash } when a hold no longer
-- fits what is available now (nothing changed; the caller re-plans from that fresh read), or { 'held' }.
-- Atomic because the key check, the check of every hold against the counts as they are now, the holds, the record,
-- the expiry entry and STOCK_CHANGED must be one step: otherwise two callers could both pass the check and oversell,
-- or one key could hold twice.
sweep_first()
local taken = redis.call('GET', KEYS[2])
if taken then
  local existing = redis.call('GET', reservation_key(taken))
  if existing then return { 'existing', existing } end
end
local ignore_safety = ARGV[8] == '1'
local changes = {}
for i = 9, #ARGV, 3 do
  local location_id, sku, quantity = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local record = get_stock(location_id, sku)
  local available = 0
  if record then
    available = record.onHand - record.reserved
    if not ignore_safety then available = available - record.safetyStock end
  end
  if available < quantity then
    local fresh = { 'conflict' }
    for k = 4, #KEYS do fresh[k - 2] = redis.call('HGETALL', KEYS[k]) end
    return fresh
  end
  record.reserved = record.reserved + quantity
  changes[#changes + 1] = record
end
-- Two totals never name one record (they are summed per location and SKU), so applying them after checking each
-- against the record as read is the same as checking them one after another.
for _, record in ipairs(changes) do put_stock(record) end
redis.call('SET', KEYS[3], ARGV[6])
redis.call('SET', KEYS[2], ARGV[5])
redis.call('ZADD', EXPIRY, ARGV[7], ARGV[5])
record_stock_change(changes)
return { 'held' }
