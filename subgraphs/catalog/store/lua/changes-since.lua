-- What changed in the catalog after the version an instance's search index holds.
-- KEYS[1] version, KEYS[2] bulk version (the last seed), KEYS[3] changed (sorted set: product id -> version of its
-- last save), KEYS[4] product prefix, KEYS[5] variant prefix; ARGV[1] the version the caller holds.
-- Answers { version, 1 } when a bulk write came after that version (the caller reloads a snapshot), else
-- { version, 0, ids, products ('' for a product that is gone), variants of those products }.
-- Atomic so that the changes and the version agree: the caller then holds exactly the catalog at `version`.
local version = tonumber(redis.call('GET', KEYS[1]) or '0')
local since = tonumber(ARGV[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > since then return { version, 1 } end
local ids = redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. since, '+inf')
local products = records(KEYS[4], ids)
local skus = {}
for i = 1, #ids do
  if products[i] then
    for _, sku in ipairs(cjson.decode(products[i]).variantSkus) do skus[#skus + 1] = sku end
  else
    products[i] = ''
  end
end
return { version, 0, ids, products, present(records(KEYS[5], skus)) }
