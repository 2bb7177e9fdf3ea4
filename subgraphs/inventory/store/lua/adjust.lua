-- Adds delta to onHand at one location after the sweep (prelude.lua), refused when the result would be below zero or
-- below reserved (the check rules/adjustments.ts `adjustedOnHand` makes for the memory store).
-- KEYS[2]: the SKU's stock hash; KEYS[3], when given: the idempotency key's marker, scoped to the location: when it
-- exists nothing changes; it is set, for the retention period, only when the delta is applied.
-- ARGV[5]: location id; ARGV[6]: SKU; ARGV[7]: delta; ARGV[8]: reason; ARGV[9]: safety stock of a new record;
-- ARGV[10]: who. Answers { 'ok', JSON }, { 'earlier', JSON or nil } or { 'negative', JSON or nil }.
-- Atomic because the key check, the check against the counts as they are now and the change must be one step: two
-- removals racing must not both pass the check, and a retried key must not apply twice.
sweep_first()
local location_id, sku, delta = ARGV[5], ARGV[6], tonumber(ARGV[7])
local raw = redis.call('HGET', KEYS[2], location_id)
if KEYS[3] and redis.call('EXISTS', KEYS[3]) == 1 then return { 'earlier', raw } end
local record = raw and cjson.decode(raw)
local on_hand = (record and record.onHand or 0) + delta
if on_hand < 0 or on_hand < (record and record.reserved or 0) then return { 'negative', raw } end
record = record or { locationId = location_id, sku = sku, onHand = 0, reserved = 0, safetyStock = tonumber(ARGV[9]) }
record.onHand = on_hand
if KEYS[3] then redis.call('SET', KEYS[3], '1', 'PX', RETENTION_MS) end
put_stock(record)
journal(location_id, sku, delta, ARGV[8], ARGV[10])
record_stock_change({ record })
return { 'ok', redis.call('HGET', KEYS[2], location_id) }
