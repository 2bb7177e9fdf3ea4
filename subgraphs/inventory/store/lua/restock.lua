-- Puts units back on hand at one location, once per key, after the sweep (prelude.lua).
-- KEYS[2]: the restock key's marker; KEYS[3..]: one stock hash per line.
-- ARGV[5]: location id; ARGV[6]: safety stock of a record the location never had; ARGV[7]: who; ARGV[8..]: SKU and
-- quantity per line. Answers 1 when applied, 0 when the key was used before.
-- Atomic because the key check (and its marker), every line's increment and STOCK_CHANGED must be one step: a retry
-- racing the first call must not put the units back twice.
sweep_first()
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local location_id = ARGV[5]
local pending = {}
local order = {}
for i = 8, #ARGV, 2 do
  local sku, quantity = ARGV[i], tonumber(ARGV[i + 1])
  local record = pending[sku]
  if not record then
    record = get_stock(location_id, sku) or { locationId = location_id, sku = sku, onHand = 0, reserved = 0, safetyStock = tonumber(ARGV[6]) }
    pending[sku] = record
    order[#order + 1] = sku
  end
  record.onHand = record.onHand + quantity
  if record.onHand < record.reserved then
    return redis.error_reply('onHand of ' .. sku .. ' at ' .. location_id .. ' would fall below reserved')
  end
end
redis.call('SET', KEYS[2], '1', 'PX', RETENTION_MS)
local changed = {}
for _, sku in ipairs(order) do
  put_stock(pending[sku])
  changed[#changed + 1] = pending[sku]
end
for i = 8, #ARGV, 2 do journal(location_id, ARGV[i], tonumber(ARGV[i + 1]), 'RETURN', ARGV[7]) end
record_stock_change(changed)
return 1
