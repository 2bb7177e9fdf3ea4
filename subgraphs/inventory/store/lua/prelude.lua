-- The prelude every inventory script but all-locations.lua starts with (lib/redis-scripts.ts `lua` joins it in front).
-- Every script first sweeps expired reservations, because the store promises that no read or write ever sees units
-- held by a reservation whose time is up; doing it inside the same script makes the sweep and the answer one atomic
-- step and one round trip.
--
-- Calling convention (store/redis-call.ts builds it):
--   KEYS[1]  the expiry index ({inventory}:reservations:expiry, prefixed by the client); every other key a script
--            derives (a swept reservation, its stock, the movement journal, the outbox) is built from KEYS[1]'s
--            prefix, so it carries the same hash tag and lands in the same cluster slot.
--   ARGV[1]  now, epoch milliseconds: the caller's clock (tests move it), never Redis's TIME.
--   ARGV[2]  now as an ISO string, for updatedAt and settledAt.
--   ARGV[3]  how long settled reservations and used idempotency keys are kept, milliseconds.
--   ARGV[4]  the STOCK_CHANGED event a write records with its change (JSON, its levels empty: the script fills them
--            with the stock it changed) by RPUSH to the outbox {inventory}:outbox, in the same script, so the event
--            exists exactly when the change does; '' for reads. Each script's own arguments start at ARGV[5].
-- Checks come before writes in every script: Redis does not roll a script back when it fails half-way.

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
    local k = hold.locationId .. '\0' .. hold.sku
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
