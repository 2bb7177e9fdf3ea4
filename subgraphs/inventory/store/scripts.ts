/**
 * The Lua behind the Redis inventory store. Every script starts by sweeping expired reservations, because the store
 * promises that no read or write ever sees units held by a reservation whose time is up — and doing it inside the
 * same script makes the sweep and the answer one atomic step and one round trip.
 *
 * Calling convention shared by every script but `allLocations`:
 *   KEYS[1]  the expiry index (`{inventory}:reservations:expiry`, prefixed by the client); every other key a script
 *            derives (a swept reservation, its stock, the movement journal) is built from KEYS[1]'s prefix, so it
 *            carries the same hash tag and lands in the same cluster slot.
 *   ARGV[1]  now, epoch milliseconds: the caller's clock (tests move it), never Redis's TIME.
 *   ARGV[2]  now as an ISO string, for updatedAt and settledAt.
 *   ARGV[3]  how long settled reservations and used idempotency keys are kept, milliseconds.
 *   ARGV[4]  the STOCK_CHANGED event a write records with its change (JSON, its levels empty: the script fills them
 *            with the stock it changed) by RPUSH to the outbox `{inventory}:outbox`, in the same script, so the
 *            event exists exactly when the change does; '' for reads. Each script's own arguments start at ARGV[5].
 * Checks come before writes in every script: Redis does not roll a script back when it fails half-way.
 */

const PRELUDE = `
local EXPIRY = KEYS[1]
local BASE = string.sub(EXPIRY, 1, #EXPIRY - #'reservations:expiry')
local NOW_MS = ARGV[1]
local NOW_ISO = ARGV[2]
local RETENTION_MS = ARGV[3]
local STOCK_CHANGED = ARGV[4]

local function stock_key(sku) return BASE .. 'stock:' .. sku end
local function reservation_key(id) return BASE .. 'reservation:' .. id end
local function reservation_key_key(key) return BASE .. 'reservation-key:' .. key end

local function get_stock(location_id, sku)
  local raw = redis.call('HGET', stock_key(sku), location_id)
  if raw then return cjson.decode(raw) end
  return nil
end

local function put_stock(record)
  record.updatedAt = NOW_ISO
  redis.call('HSET', stock_key(record.sku), record.locationId, cjson.encode(record))
end

local function journal(location_id, sku, delta, reason, by)
  redis.call('XADD', BASE .. 'movements', 'MAXLEN', '~', '100000', '*',
    'at', NOW_ISO, 'locationId', location_id, 'sku', sku, 'delta', tostring(delta), 'reason', reason, 'by', by)
end

-- Records STOCK_CHANGED for the changed stock, each (location, SKU) once: the outbox relay publishes it.
local function record_stock_change(changed)
  if STOCK_CHANGED == nil or STOCK_CHANGED == '' or #changed == 0 then return end
  local event = cjson.decode(STOCK_CHANGED)
  local levels, seen = {}, {}
  for _, record in ipairs(changed) do
    local k = record.locationId .. '\0' .. record.sku
    if not seen[k] then
      seen[k] = true
      levels[#levels + 1] = { sku = record.sku, locationId = record.locationId }
    end
  end
  event.payload.levels = levels
  redis.call('RPUSH', BASE .. 'outbox', cjson.encode(event))
end

-- Holds summed per location and SKU, so a split or repeated SKU changes each record once.
local function totals(holds)
  local list, by_key = {}, {}
  for _, hold in ipairs(holds) do
    local k = hold.locationId .. '\\0' .. hold.sku
    local total = by_key[k]
    if total then
      total.quantity = total.quantity + hold.quantity
    else
      total = { locationId = hold.locationId, sku = hold.sku, quantity = hold.quantity }
      by_key[k] = total
      list[#list + 1] = total
    end
  end
  return list
end

local function settle(reservation, status)
  reservation.status = status
  reservation.settledAt = NOW_ISO
  local encoded = cjson.encode(reservation)
  redis.call('SET', reservation_key(reservation.id), encoded, 'PX', RETENTION_MS)
  redis.call('PEXPIRE', reservation_key_key(reservation.key), RETENTION_MS)
  redis.call('ZREM', EXPIRY, reservation.id)
  return encoded
end

-- HELD -> RELEASED / EXPIRED: reserved -= q. The holds were added by this reservation, so every record exists and
-- reserved stays within 0..onHand; a record that breaks that is reported before anything changes.
local function give_back(reservation, status)
  local changes = {}
  for _, total in ipairs(totals(reservation.holds)) do
    local record = get_stock(total.locationId, total.sku)
    if not record or record.reserved < total.quantity then
      return redis.error_reply('reservation ' .. reservation.id .. ' holds more of ' .. total.sku .. ' at ' .. total.locationId .. ' than is reserved')
    end
    record.reserved = record.reserved - total.quantity
    changes[#changes + 1] = record
  end
  for _, record in ipairs(changes) do put_stock(record) end
  return settle(reservation, status)
end

local function sweep()
  local due = redis.call('ZRANGEBYSCORE', EXPIRY, '-inf', NOW_MS)
  local expired = 0
  for _, id in ipairs(due) do
    local raw = redis.call('GET', reservation_key(id))
    local reservation = raw and cjson.decode(raw)
    if reservation and reservation.status == 'HELD' then
      local settled = give_back(reservation, 'EXPIRED')
      if type(settled) == 'table' then return settled end
      expired = expired + 1
    else
      redis.call('ZREM', EXPIRY, id)
    end
  end
  return expired
end

local function sweep_first()
  local swept = sweep()
  if type(swept) == 'table' then error(swept.err) end
end
`;

/** KEYS[2..]: stock hashes; ARGV[5..]: one location id per hash. Answers each record's JSON or nil. */
const STOCK_LEVELS = `
sweep_first()
local out = {}
for i = 2, #KEYS do out[i - 1] = redis.call('HGET', KEYS[i], ARGV[i + 3]) end
return out
`;

/** KEYS[2..]: stock hashes. Answers, per hash, its field/value list (location id, record JSON). */
const STOCK_FOR_SKUS = `
sweep_first()
local out = {}
for i = 2, #KEYS do out[i - 1] = redis.call('HGETALL', KEYS[i]) end
return out
`;

/**
 * What reserve plans from, read in one step: KEYS[2] the idempotency key, KEYS[3..] the SKUs' stock hashes.
 * Answers { existing reservation JSON or nil, field/value list per hash }.
 */
const RESERVE_READ = `
sweep_first()
local out = { false }
local id = redis.call('GET', KEYS[2])
if id then out[1] = redis.call('GET', reservation_key(id)) end
for i = 3, #KEYS do out[i - 1] = redis.call('HGETALL', KEYS[i]) end
return out
`;

/**
 * Holds a plan, or nothing. KEYS[2] the idempotency key, KEYS[3] the new reservation, KEYS[4..] the stock hashes the
 * caller plans from (every hold's SKU among them). ARGV[5] reservation id, ARGV[6] its JSON, ARGV[7] expiry (ms),
 * ARGV[8] '1' to ignore safety stock, ARGV[9..] location id, SKU, quantity per (location, SKU) total.
 * Answers { 'existing', JSON } when the key is taken, { 'conflict', field/value list per hash } when a hold no longer
 * fits what is available now (nothing changed; the caller re-plans from that fresh read), or { 'held' }.
 */
const RESERVE = `
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
`;

/**
 * HELD -> COMMITTED or RELEASED, or COMMITTED -> RETURNED (ARGV[5]) for KEYS[2]; any other status is answered
 * unchanged. Answers the reservation's JSON, or nil when there is none.
 */
const SETTLE = `
sweep_first()
local raw = redis.call('GET', KEYS[2])
if not raw then return false end
local reservation = cjson.decode(raw)
if ARGV[5] == 'RETURNED' then
  if reservation.status ~= 'COMMITTED' then return raw end
  local returned = {}
  for _, total in ipairs(totals(reservation.holds)) do
    local record = get_stock(total.locationId, total.sku)
    if not record then
      return redis.error_reply('reservation ' .. reservation.id .. ' took ' .. total.sku .. ' from ' .. total.locationId .. ', which has no stock record')
    end
    record.onHand = record.onHand + total.quantity
    returned[#returned + 1] = { record = record, quantity = total.quantity }
  end
  for _, change in ipairs(returned) do
    put_stock(change.record)
    journal(change.record.locationId, change.record.sku, change.quantity, 'RETURN', 'reservation:' .. reservation.id)
  end
  record_stock_change(totals(reservation.holds))
  return settle(reservation, 'RETURNED')
end
if reservation.status ~= 'HELD' then return raw end
if ARGV[5] == 'RELEASED' then
  local released = give_back(reservation, 'RELEASED')
  if type(released) == 'string' then record_stock_change(totals(reservation.holds)) end
  return released
end
local changes = {}
for _, total in ipairs(totals(reservation.holds)) do
  local record = get_stock(total.locationId, total.sku)
  if not record or record.reserved < total.quantity or record.onHand < total.quantity then
    return redis.error_reply('reservation ' .. reservation.id .. ' holds more of ' .. total.sku .. ' at ' .. total.locationId .. ' than is reserved')
  end
  record.reserved = record.reserved - total.quantity
  record.onHand = record.onHand - total.quantity
  changes[#changes + 1] = { record = record, quantity = total.quantity }
end
for _, change in ipairs(changes) do
  put_stock(change.record)
  journal(change.record.locationId, change.record.sku, -change.quantity, 'SALE', 'reservation:' .. reservation.id)
end
record_stock_change(totals(reservation.holds))
return settle(reservation, 'COMMITTED')
`;

/**
 * onHand += q per line, once per idempotency key KEYS[2]. KEYS[3..] one stock hash per line; ARGV[5] location id,
 * ARGV[6] safety stock of new records, ARGV[7] who, ARGV[8..] SKU and quantity per line. Answers 1 when applied, 0
 * when the key was used before.
 */
const RESTOCK = `
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
`;

/**
 * onHand += delta at one location (KEYS[2] the SKU's stock hash), refused when the result would be below zero or
 * below reserved. KEYS[3], when given, the idempotency key's marker (scoped to the location): when it exists nothing
 * changes; it is set, for the retention period, only when the delta is applied. ARGV[5] location id, ARGV[6] SKU,
 * ARGV[7] delta, ARGV[8] reason, ARGV[9] safety stock of a new record, ARGV[10] who. Answers { 'ok', JSON },
 * { 'earlier', JSON or nil } or { 'negative', JSON or nil }.
 */
const ADJUST = `
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
`;

/** HELD -> EXPIRED for everything due; answers how many. */
const EXPIRE = `
return sweep()
`;

/** Every location's JSON. KEYS[1] the location index; each record's key is built from its prefix. */
const ALL_LOCATIONS = `
local base = string.sub(KEYS[1], 1, #KEYS[1] - #'locations')
local ids = redis.call('SMEMBERS', KEYS[1])
if #ids == 0 then return {} end
local keys = {}
for i, id in ipairs(ids) do keys[i] = base .. 'location:' .. id end
return redis.call('MGET', unpack(keys))
`;

/** Command names carry the subgraph, so stores of several subgraphs can share one client. */
export const INVENTORY_SCRIPTS = {
  inventoryStockLevels: PRELUDE + STOCK_LEVELS,
  inventoryStockForSkus: PRELUDE + STOCK_FOR_SKUS,
  inventoryReserveRead: PRELUDE + RESERVE_READ,
  inventoryReserve: PRELUDE + RESERVE,
  inventorySettle: PRELUDE + SETTLE,
  inventoryRestock: PRELUDE + RESTOCK,
  inventoryAdjust: PRELUDE + ADJUST,
  inventoryExpire: PRELUDE + EXPIRE,
  inventoryAllLocations: ALL_LOCATIONS,
} as const;

export type InventoryScriptName = keyof typeof INVENTORY_SCRIPTS;
