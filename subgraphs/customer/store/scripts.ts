/**
 * The customer store's Lua scripts. Each runs as one atomic step on the server, so a check and the change it guards
 * can never interleave with another subgraph instance's. Every key a script touches is passed in KEYS and carries
 * the `{customer}` hash tag, so the scripts run unchanged on a Redis Cluster.
 *
 * Records are JSON written by the TypeScript side; a script re-encodes one only where it must change a field
 * (an interaction's customerId when a cart is attached). Interaction records hold strings and nulls only, which
 * cjson round-trips faithfully; the customer record, whose empty arrays cjson would turn into objects, is never
 * re-encoded: its loyalty points live in a key of their own.
 */

/**
 * Applies one domain event at most once.
 * KEYS: applied-event marker, customer record, customer points, timeline, timeline records, order's points ledger.
 * ARGV: marker TTL in seconds, interaction id ('' for none), its score, its JSON, loyalty kind ('' for none), points.
 */
export const APPLY_EVENT = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 'DUPLICATE' end
if redis.call('EXISTS', KEYS[2]) == 0 then return 'UNKNOWN_CUSTOMER' end
if ARGV[2] ~= '' then
  redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
  redis.call('HSET', KEYS[5], ARGV[2], ARGV[4])
end
local kind = ARGV[5]
if kind == '' then return 'APPLIED' end
local balance = tonumber(redis.call('GET', KEYS[3]) or '0')
local ledger = redis.call('HMGET', KEYS[6], 'earned', 'held', 'cancelled')
local earned = ledger[1] == '1'
local held = tonumber(ledger[2] or '0')
local cancelled = ledger[3] == '1'
local points = tonumber(ARGV[6])
if kind == 'EARN' then
  -- An order earns once, and never after it was cancelled.
  if earned or cancelled then return 'APPLIED' end
  earned = true
  held = points
  balance = balance + points
elseif kind == 'DEDUCT' then
  local taken = math.min(points, balance)
  held = math.max(0, held - taken)
  balance = balance - taken
elseif kind == 'REVOKE' then
  -- What the order still holds comes back, never more than the balance.
  local taken = math.min(held, balance)
  held = 0
  cancelled = true
  balance = balance - taken
else
  return redis.error_reply('unknown loyalty change ' .. kind)
end
redis.call('HSET', KEYS[6], 'earned', earned and '1' or '0', 'held', tostring(held), 'cancelled', cancelled and '1' or '0')
redis.call('SET', KEYS[3], tostring(balance))
return 'APPLIED'
`;

/**
 * Attaches an anonymous shopper's cart to a customer at most once per event.
 * KEYS: applied-event marker, customer record, cart's pending interactions (sorted set and records), cart owner,
 * customer's timeline (sorted set and records).
 * ARGV: marker TTL in seconds, customer id.
 */
export const ATTACH_CART = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 'DUPLICATE' end
if redis.call('EXISTS', KEYS[2]) == 0 then return 'UNKNOWN_CUSTOMER' end
local pending = redis.call('ZRANGE', KEYS[3], 0, -1, 'WITHSCORES')
local records = redis.call('HGETALL', KEYS[4])
local byId = {}
for i = 1, #records, 2 do byId[records[i]] = records[i + 1] end
for i = 1, #pending, 2 do
  local raw = byId[pending[i]]
  if raw then
    local record = cjson.decode(raw)
    record.customerId = ARGV[2]
    redis.call('ZADD', KEYS[6], pending[i + 1], pending[i])
    redis.call('HSET', KEYS[7], pending[i], cjson.encode(record))
  end
end
redis.call('DEL', KEYS[3], KEYS[4])
redis.call('SET', KEYS[5], ARGV[2])
return 'APPLIED'
`;

/**
 * Records one interaction on its owner's timeline, or against its cart while the shopper is anonymous. The caller
 * read the cart's owner beforehand; the script re-checks it, so an attachment in between answers RETRY instead of
 * filing the interaction on the wrong side.
 * KEYS: cart owner, owner's customer record, owner's timeline (sorted set and records), cart's pending (sorted set
 * and records).
 * ARGV: owner id ('' when anonymous), '1' when the owner came from the cart, interaction id, score, JSON.
 */
export const RECORD_INTERACTION = `
if ARGV[2] == '1' then
  local current = redis.call('GET', KEYS[1]) or ''
  if current ~= ARGV[1] then return 'RETRY' end
end
if ARGV[1] ~= '' then
  if redis.call('EXISTS', KEYS[2]) == 0 then return 'NO_CUSTOMER' end
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
  redis.call('HSET', KEYS[4], ARGV[3], ARGV[5])
else
  redis.call('ZADD', KEYS[5], ARGV[4], ARGV[3])
  redis.call('HSET', KEYS[6], ARGV[3], ARGV[5])
end
return 'STORED'
`;

/**
 * Writes a customer with their lookup indexes. Each index hash maps a normalised key to a JSON array of customer ids
 * (households share a phone); the keys a customer is filed under are remembered, so a changed email or phone leaves
 * no stale entry behind.
 * KEYS: customer record, customer points, email index, phone index, loyalty-number index, filed-under hash.
 * ARGV: customer id, record JSON, points, email key, phone key, loyalty-number key ('' for none).
 */
export const PUT_CUSTOMER = `
local id = ARGV[1]
local function unfile(index, key)
  if key == '' then return end
  local raw = redis.call('HGET', index, key)
  if not raw then return end
  local kept = {}
  for _, other in ipairs(cjson.decode(raw)) do
    if other ~= id then kept[#kept + 1] = other end
  end
  if #kept == 0 then redis.call('HDEL', index, key) else redis.call('HSET', index, key, cjson.encode(kept)) end
end
local function file(index, key)
  if key == '' then return end
  local raw = redis.call('HGET', index, key)
  local ids = {}
  if raw then ids = cjson.decode(raw) end
  for _, other in ipairs(ids) do
    if other == id then return end
  end
  ids[#ids + 1] = id
  table.sort(ids)
  redis.call('HSET', index, key, cjson.encode(ids))
end
local previous = redis.call('HGET', KEYS[6], id)
if previous then
  local keys = cjson.decode(previous)
  unfile(KEYS[3], keys[1])
  unfile(KEYS[4], keys[2])
  unfile(KEYS[5], keys[3])
end
file(KEYS[3], ARGV[4])
file(KEYS[4], ARGV[5])
file(KEYS[5], ARGV[6])
redis.call('HSET', KEYS[6], id, cjson.encode({ ARGV[4], ARGV[5], ARGV[6] }))
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3])
return 'OK'
`;

/**
 * Reads several newest-first lists in one command: KEYS are pairs of (sorted set of ids, hash of id → JSON); the
 * answer is one array of JSON records per pair, highest score first.
 */
export const READ_NEWEST_FIRST = `
local out = {}
for i = 1, #KEYS, 2 do
  local list = {}
  local ids = redis.call('ZRANGE', KEYS[i], 0, -1, 'REV')
  if #ids > 0 then
    local flat = redis.call('HGETALL', KEYS[i + 1])
    local byId = {}
    for j = 1, #flat, 2 do byId[flat[j]] = flat[j + 1] end
    for _, id in ipairs(ids) do
      if byId[id] then list[#list + 1] = byId[id] end
    end
  end
  out[#out + 1] = list
end
return out
`;
