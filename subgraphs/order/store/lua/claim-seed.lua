-- Claims the right to seed and, in the same step, lifts the order-number sequence above the seeded numbers, so an
-- instance that finds the marker set never hands out a seeded order's number.
-- KEYS: the seeded marker, the sequence. ARGV: marker value, the highest seeded number.
-- Atomic because claiming the seed and lifting the sequence must happen together: two instances starting at once never both seed, and no order is numbered below a seeded one.
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if current < tonumber(ARGV[2]) then redis.call('SET', KEYS[2], ARGV[2]) end
return 1
