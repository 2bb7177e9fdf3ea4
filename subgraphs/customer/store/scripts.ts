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
 * ARGV: owner id ('' when anonymous), '1' when the owner came from the cart, interaction id, score, JSON, and the
 * milliseconds a cart's pending interactions outlive the latest one (both keys' expiry is renewed).
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
  redis.call('PEXPIRE', KEYS[5], ARGV[6])
  redis.call('PEXPIRE', KEYS[6], ARGV[6])
end
return 'STORED'
`;

/**
 * Lua helpers for the lookup indexes, put in front of every script that files customers. Each index hash maps a
 * normalised key to a JSON array of customer ids (households share a phone); the filed-under hash remembers the
 * [email, phone, loyalty-number] keys each customer is filed under, so a changed email or phone leaves no stale entry.
 */
const INDEX_FUNCTIONS = `
local function unfile(index, key, id)
  if key == '' then return end
  local raw = redis.call('HGET', index, key)
  if not raw then return end
  local kept = {}
  for _, other in ipairs(cjson.decode(raw)) do
    if other ~= id then kept[#kept + 1] = other end
  end
  if #kept == 0 then redis.call('HDEL', index, key) else redis.call('HSET', index, key, cjson.encode(kept)) end
end
local function file(index, key, id)
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
-- True when someone other than id is filed under key.
local function filedToOther(index, key, id)
  if key == '' then return false end
  local raw = redis.call('HGET', index, key)
  if not raw then return false end
  for _, other in ipairs(cjson.decode(raw)) do
    if other ~= id then return true end
  end
  return false
end
-- Files id under the three keys (email, phone, loyalty number), unfiling whatever it was filed under before.
local function refile(emailIndex, phoneIndex, loyaltyIndex, filedUnder, id, email, phone, loyalty)
  local previous = redis.call('HGET', filedUnder, id)
  if previous then
    local keys = cjson.decode(previous)
    unfile(emailIndex, keys[1], id)
    unfile(phoneIndex, keys[2], id)
    unfile(loyaltyIndex, keys[3], id)
  end
  file(emailIndex, email, id)
  file(phoneIndex, phone, id)
  file(loyaltyIndex, loyalty, id)
  redis.call('HSET', filedUnder, id, cjson.encode({ email, phone, loyalty }))
end
`;

/**
 * Writes a customer with their lookup indexes, as seeding does: unconditionally.
 * KEYS: customer record, customer points, email index, phone index, loyalty-number index, filed-under hash.
 * ARGV: customer id, record JSON, points, email key, phone key, loyalty-number key ('' for none).
 */
export const PUT_CUSTOMER = `${INDEX_FUNCTIONS}
refile(KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[1], ARGV[4], ARGV[5], ARGV[6])
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3])
return 'OK'
`;

/**
 * Registers a new customer: the id must be free, the email nobody's, the loyalty number unfiled; then the record,
 * a zero balance and the index entries are written together.
 * KEYS: customer record, customer points, email index, phone index, loyalty-number index, filed-under hash.
 * ARGV: customer id, record JSON, email key, phone key ('' for none), loyalty-number key.
 * Answers ALREADY_REGISTERED, EMAIL_TAKEN, LOYALTY_NUMBER_TAKEN (the caller draws another number) or REGISTERED.
 */
export const REGISTER_CUSTOMER = `${INDEX_FUNCTIONS}
if redis.call('EXISTS', KEYS[1]) == 1 then return 'ALREADY_REGISTERED' end
if filedToOther(KEYS[3], ARGV[3], ARGV[1]) then return 'EMAIL_TAKEN' end
if filedToOther(KEYS[5], ARGV[5], ARGV[1]) then return 'LOYALTY_NUMBER_TAKEN' end
refile(KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[1], ARGV[3], ARGV[4], ARGV[5])
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], '0')
return 'REGISTERED'
`;

/**
 * Replaces a customer's profile if it is still the one the caller read (compare-and-set on the stored JSON), the
 * new email being nobody else's; re-files the indexes. Points are not touched, only read back.
 * KEYS: customer record, customer points, email index, phone index, loyalty-number index, filed-under hash.
 * ARGV: customer id, the record JSON read, the new record JSON, email key, phone key ('' for none), loyalty-number key.
 * Answers { status, points }: NOT_FOUND, RETRY (changed since read), EMAIL_TAKEN or UPDATED.
 */
export const UPDATE_CUSTOMER = `${INDEX_FUNCTIONS}
local current = redis.call('GET', KEYS[1])
if not current then return { 'NOT_FOUND', '0' } end
if current ~= ARGV[2] then return { 'RETRY', '0' } end
if filedToOther(KEYS[3], ARGV[4], ARGV[1]) then return { 'EMAIL_TAKEN', '0' } end
refile(KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[1], ARGV[4], ARGV[5], ARGV[6])
redis.call('SET', KEYS[1], ARGV[3])
return { 'UPDATED', redis.call('GET', KEYS[2]) or '0' }
`;

/**
 * Opens a service case for an existing customer, with the SERVICE_CONTACT interaction it was, both or neither.
 * KEYS: customer record, customer's cases (sorted set), case records (hash), case-owner hash, customer's timeline
 * (sorted set), timeline records (hash).
 * ARGV: customer id, case id, case score, case JSON, interaction id ('' for none), interaction score, its JSON.
 * Answers NO_CUSTOMER, ID_IN_USE or OPENED.
 */
export const OPEN_SERVICE_CASE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'NO_CUSTOMER' end
if redis.call('HSETNX', KEYS[4], ARGV[2], ARGV[1]) == 0 then return 'ID_IN_USE' end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[4])
if ARGV[5] ~= '' then
  redis.call('ZADD', KEYS[5], ARGV[6], ARGV[5])
  redis.call('HSET', KEYS[6], ARGV[5], ARGV[7])
end
return 'OPENED'
`;

/**
 * Replaces one service case if it is still the one the caller read (compare-and-set on the stored JSON). The case
 * keeps its place in the sorted set: openedAt never changes.
 * KEYS: the customer's case records (hash). ARGV: case id, the JSON read, the new JSON.
 * Answers NOT_FOUND, RETRY (changed since read) or UPDATED.
 */
export const REPLACE_SERVICE_CASE = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return 'NOT_FOUND' end
if current ~= ARGV[2] then return 'RETRY' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 'UPDATED'
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
