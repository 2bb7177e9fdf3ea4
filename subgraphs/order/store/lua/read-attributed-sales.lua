-- Each associate's non-cancelled orders placed in [from, to): count, total in cents, currency of the earliest.
-- Summed here so that a year of sales is not shipped to the subgraph to be added up; decoding for a read is safe.
-- KEYS: the order key prefix, then each associate's sorted set of orders by placedAt. ARGV: from, to (epoch ms).
-- Atomic so that each associate's list and the orders summed are read at one instant, in one round trip.
local summaries = {}
for k = 2, #KEYS do
  local count, total, currency = 0, 0, false
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[k], ARGV[1], '(' .. ARGV[2])) do
    local json = redis.call('GET', KEYS[1] .. id)
    if json then
      local order = cjson.decode(json)
      if order.status ~= 'CANCELLED' then
        count = count + 1
        total = total + order.shippingTotal - (order.discountTotal or 0) + (order.taxTotal or 0)
        for _, line in ipairs(order.lines) do total = total + line.unitPrice * line.quantity end
        if not currency then currency = order.currencyCode end
      end
    end
  end
  summaries[k - 1] = {count, total, currency}
end
return summaries
