-- Adds or replaces one product with its variants, its index entries and the change log, in one step.
-- KEYS[1] product prefix, KEYS[2] variant prefix, KEYS[3] handle -> id hash, KEYS[4] barcode -> sku hash,
-- KEYS[5] newest-products sorted set, KEYS[6] category-products prefix, KEYS[7] sku set, KEYS[8] version,
-- KEYS[9] changed (product id -> version of its last save), KEYS[10] outbox.
-- ARGV: product id, product JSON, handle, newest score, the CATALOG_CHANGED event JSON, n, the n category ids it is
-- listed under, m, every category id (to unlist it from its old ones), then (sku, barcode, variant JSON) per variant.
-- Answers the new version, or an error HANDLE_TAKEN. Atomic: a reader never sees the record without its index
-- entries, every instance learns of the change by its version (changes-since.lua) exactly once, and the event that
-- tells the gateway exists exactly when the change does.
local id, json, handle, score, event = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local owner = redis.call('HGET', KEYS[3], handle)
if owner and owner ~= id then return redis.error_reply('HANDLE_TAKEN') end
local n = tonumber(ARGV[6])
local m = tonumber(ARGV[7 + n])
local first_variant = 8 + n + m
local listed = {}
for i = first_variant, #ARGV, 3 do listed[ARGV[i]] = true end

local old = redis.call('GET', KEYS[1] .. id)
if old then
  local previous = cjson.decode(old)
  redis.call('HDEL', KEYS[3], previous.handle)
  for _, sku in ipairs(previous.variantSkus) do
    local variant = redis.call('GET', KEYS[2] .. sku)
    if variant then redis.call('HDEL', KEYS[4], cjson.decode(variant).barcode) end
    if not listed[sku] then
      redis.call('DEL', KEYS[2] .. sku)
      redis.call('SREM', KEYS[7], sku)
    end
  end
  for i = 8 + n, 7 + n + m do redis.call('ZREM', KEYS[6] .. ARGV[i], id) end
end

redis.call('SET', KEYS[1] .. id, json)
redis.call('HSET', KEYS[3], handle, id)
redis.call('ZADD', KEYS[5], score, id)
for i = 7, 6 + n do redis.call('ZADD', KEYS[6] .. ARGV[i], score, id) end
for i = first_variant, #ARGV, 3 do
  redis.call('SET', KEYS[2] .. ARGV[i], ARGV[i + 2])
  redis.call('HSET', KEYS[4], ARGV[i + 1], ARGV[i])
  redis.call('SADD', KEYS[7], ARGV[i])
end
local version = redis.call('INCR', KEYS[8])
redis.call('ZADD', KEYS[9], version, id)
redis.call('RPUSH', KEYS[10], event)
return version
