/**
 * Lua for the catalog's Redis store. Each script is one round trip that reads an index and the records it points to.
 * Record keys are built inside the script from a key PREFIX passed in KEYS (so ioredis adds its keyPrefix and a
 * cluster client routes on its `{catalog}` hash tag): every record shares that tag, hence the script's slot.
 */

// unpack() puts every argument on the Lua stack, which holds about 8000: batches are read in slices of 1000.
const SLICED_MGET = `
local function sliced(command, key, list)
  local out = {}
  for i = 1, #list, 1000 do
    local part
    if key then
      part = redis.call(command, key, unpack(list, i, math.min(i + 999, #list)))
    else
      part = redis.call(command, unpack(list, i, math.min(i + 999, #list)))
    end
    for j = 1, #part do out[i + j - 1] = part[j] end
  end
  return out
end
local function records(prefix, ids)
  local keys = {}
  for i = 1, #ids do keys[i] = prefix .. ids[i] end
  return sliced('MGET', nil, keys)
end
`;

/**
 * KEYS[1] hash lookup value → id, KEYS[2] record key prefix; ARGV the lookup values.
 * Answers one record (or nil) per value, in order.
 */
export const LOOKUP = `${SLICED_MGET}
local ids = sliced('HMGET', KEYS[1], ARGV)
local found, at = {}, {}
local result = {}
for i = 1, #ARGV do
  result[i] = false
  if ids[i] then
    found[#found + 1] = ids[i]
    at[#found] = i
  end
end
local values = records(KEYS[2], found)
for j = 1, #found do result[at[j]] = values[j] end
return result
`;

/**
 * KEYS[1] a sorted set of ids (newest products first, categories in order), KEYS[2] their record key prefix;
 * ARGV offset, limit. Answers { count of the set, record JSON... } for the window, read at one instant.
 */
export const ORDERED_PAGE = `${SLICED_MGET}
local total = redis.call('ZCARD', KEYS[1])
local offset, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
if limit <= 0 or offset >= total then return { total } end
local ids = redis.call('ZRANGE', KEYS[1], offset, offset + limit - 1)
local values = records(KEYS[2], ids)
local result = { total }
for i = 1, #ids do result[i + 1] = values[i] or '' end
return result
`;

/**
 * KEYS: version, category order, category prefix, product order, product prefix, sku set, variant prefix.
 * Answers { version, categories, products, variants } as one consistent snapshot: the search index is built from it
 * and stamped with the version it was read with.
 */
export const SNAPSHOT = `${SLICED_MGET}
local version = redis.call('GET', KEYS[1]) or '0'
local function present(list)
  local out = {}
  for i = 1, #list do if list[i] then out[#out + 1] = list[i] end end
  return out
end
return {
  version,
  present(records(KEYS[3], redis.call('ZRANGE', KEYS[2], 0, -1))),
  present(records(KEYS[5], redis.call('ZRANGE', KEYS[4], 0, -1))),
  present(records(KEYS[7], redis.call('SMEMBERS', KEYS[6]))),
}
`;
