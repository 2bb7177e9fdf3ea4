-- Settles a reservation after the sweep (prelude.lua): HELD -> COMMITTED (onHand and reserved drop) or RELEASED
-- (reserved drops), or COMMITTED -> RETURNED (onHand rises where the units were taken).
-- KEYS[2]: the reservation; ARGV[5]: the status to move to. Any other starting status is answered unchanged.
-- Answers the reservation's JSON, or false when there is none.
-- Atomic because the status check, every count change, the journal and STOCK_CHANGED must be one step: a commit and a
-- release (or the sweep) racing on one reservation must not both move its units.
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
