-- KEYS: the redemption record, then per code its uses and per-customer uses, then per gift card its hash.
-- ARGV: the redemption JSON, customer id ('' for none), code count, then per code usage limit and per-customer limit
-- ('' for none) and the code, then per gift card the amount and the code.
-- Atomic because the limits and balances are checked and spent in one step: twenty checkouts racing for a code's last use, or two for one gift card's balance, are served one after the other by Redis itself; the record under the settlement key makes a retry a no-op.
if redis.call('EXISTS', KEYS[1]) == 1 then return {'REDEEMED'} end
local customer = ARGV[2]
local codes = tonumber(ARGV[3])
for i = 1, codes do
  local limit, perCustomer, code = ARGV[1 + 3 * i], ARGV[2 + 3 * i], ARGV[3 + 3 * i]
  if limit ~= '' and tonumber(redis.call('GET', KEYS[2 * i] ) or '0') >= tonumber(limit) then return {'REFUSED', 'CODE_USED_UP', code} end
  if perCustomer ~= '' and tonumber(redis.call('HGET', KEYS[1 + 2 * i], customer) or '0') >= tonumber(perCustomer) then return {'REFUSED', 'CODE_CUSTOMER_LIMIT', code} end
end
local cardsFrom = 4 + 3 * codes
local wanted, order = {}, {}
for j = cardsFrom, #ARGV, 2 do
  local key = KEYS[2 + 2 * codes + (j - cardsFrom) / 2]
  if not wanted[key] then wanted[key] = {0, ARGV[j + 1]}; table.insert(order, key) end
  wanted[key][1] = wanted[key][1] + tonumber(ARGV[j])
end
for _, key in ipairs(order) do
  local balance = redis.call('HGET', key, 'balance')
  if not balance then return {'REFUSED', 'GIFT_CARD_UNKNOWN', wanted[key][2]} end
  if tonumber(balance) < wanted[key][1] then return {'REFUSED', 'GIFT_CARD_BALANCE', wanted[key][2]} end
end
for i = 1, codes do
  redis.call('INCR', KEYS[2 * i])
  if customer ~= '' then redis.call('HINCRBY', KEYS[1 + 2 * i], customer, 1) end
end
for _, key in ipairs(order) do redis.call('HINCRBY', key, 'balance', -wanted[key][1]) end
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'released', '0')
return {'REDEEMED'}
