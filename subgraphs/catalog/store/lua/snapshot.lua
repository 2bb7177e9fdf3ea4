-- The whole catalog, for an instance's first search index (later changes arrive through changes-since.lua).
-- KEYS: version, category order, category prefix, product order, product prefix, sku set, variant prefix.
-- Answers { version, categories, products, variants }. Atomic so that the index is built from one consistent
-- catalog and stamped with the version it was read at: changes after it are exactly those with a higher version.
local version = redis.call('GET', KEYS[1]) or '0'
return {
  version,
  present(records(KEYS[3], redis.call('ZRANGE', KEYS[2], 0, -1))),
  present(records(KEYS[5], redis.call('ZRANGE', KEYS[4], 0, -1))),
  present(records(KEYS[7], redis.call('SMEMBERS', KEYS[6]))),
}
