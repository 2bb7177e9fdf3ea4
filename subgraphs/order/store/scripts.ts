/**
 * The order store's Lua scripts. A script runs as one step on the server, so no other subgraph instance's command
 * can land between its check and its change.
 *
 * The scripts never re-encode a record: Redis' cjson turns an empty array into `{}` and keeps only 14 significant
 * digits, and an order is full of arrays that may be empty. The TypeScript side computes every new record with the
 * same rules as the memory store (lifecycle.ts) and hands over finished JSON; a write script only checks that what
 * it was computed from is still there, byte for byte (SHA-1), and then writes it together with its index entries.
 * When the check fails nothing is written and the caller reads again (store/redis.ts) — WATCH/MULTI in one script,
 * which also works on a connection shared by concurrent requests, where WATCH would not.
 *
 * Write scripts name every key they touch in KEYS. The read scripts follow references (fulfillment → order, customer
 * → active cart) to keys they cannot know in advance; they build them from a prefix passed in KEYS[1], and because
 * every key carries the `{order}` hash tag those keys live in the slot of KEYS[1], on the node the script runs on.
 */

/** Lua helpers shared by the write scripts: a change is a list of (command, key index, arguments...). */
const CHANGE_OPS = `
local ARITY = { SET = 1, DEL = 0, HSET = 2, HDEL = 1, HINCRBY = 2, SADD = 1, SREM = 1, ZADD = 2, ZREM = 1, PEXPIRE = 1, RPUSH = 1 }

local function well_formed(from)
  local i = from
  while i <= #ARGV do
    local arity = ARITY[ARGV[i]]
    if not arity or not KEYS[tonumber(ARGV[i + 1])] then return false end
    i = i + 2 + arity
  end
  return i == #ARGV + 1
end

-- A counter that reaches zero is removed, so "present" always means "held by at least one".
local function apply(from, fill)
  local i = from
  while i <= #ARGV do
    local command, key, arity = ARGV[i], KEYS[tonumber(ARGV[i + 1])], ARITY[ARGV[i]]
    local args = {}
    for j = 1, arity do args[j] = fill(ARGV[i + 1 + j]) end
    if command == 'HINCRBY' then
      if redis.call('HINCRBY', key, args[1], args[2]) <= 0 then redis.call('HDEL', key, args[1]) end
    else
      redis.call(command, key, unpack(args))
    end
    i = i + 2 + arity
  end
end
`;

/**
 * Applies a change only if everything it was computed from is unchanged.
 * KEYS: every key the change checks or writes.
 * ARGV: check count; per check (key index, hash field or '' for the key itself, SHA-1 of the expected value or ''
 * for "absent"); then the change.
 * Returns 1 when applied, 0 when something moved (nothing written).
 */
export const COMMIT = `${CHANGE_OPS}
local checks = tonumber(ARGV[1])
local from = 2 + 3 * checks
if not well_formed(from) then return redis.error_reply('ERR malformed order-store change') end
for c = 0, checks - 1 do
  local key, field, expected = KEYS[tonumber(ARGV[2 + 3 * c])], ARGV[3 + 3 * c], ARGV[4 + 3 * c]
  local current
  if field == '' then current = redis.call('GET', key) else current = redis.call('HGET', key, field) end
  if expected == '' then
    if current then return 0 end
  elseif not current or redis.sha1hex(current) ~= expected then
    return 0
  end
end
apply(from, function (value) return value end)
return 1
`;

/**
 * Creates an order at most once: allocates its number and its pickup codes, then writes it and its index entries.
 * The record and the change carry placeholder tokens where the number and the codes go; they are filled here.
 * KEYS: the order, the order-number sequence, the open pickup codes (hash code → holders), then the change's keys.
 * ARGV: number token, the sequence's floor, token count, code tokens..., candidate count, candidate codes..., change.
 * Returns {0, existing JSON} when the id exists, {-1} when every candidate code is taken (nothing written, try
 * others), {1, JSON} when created.
 */
export const CREATE_ORDER = `${CHANGE_OPS}
local existing = redis.call('GET', KEYS[1])
if existing then return {0, existing} end
local tokens = tonumber(ARGV[3])
local pool = 4 + tokens
local candidates = tonumber(ARGV[pool])
local from = pool + 1 + candidates
if not well_formed(from) then return redis.error_reply('ERR malformed order-store change') end

local fills = {}
local used = {}
local next_candidate = pool + 1
for t = 1, tokens do
  local code
  while not code and next_candidate < from do
    local candidate = ARGV[next_candidate]
    next_candidate = next_candidate + 1
    if not used[candidate] and not redis.call('HGET', KEYS[3], candidate) then code = candidate end
  end
  if not code then return {-1} end
  used[code] = true
  fills[ARGV[3 + t]] = code
end
if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('SET', KEYS[2], ARGV[2]) end
fills[ARGV[1]] = 'OG-' .. redis.call('INCR', KEYS[2])

local function fill(value)
  for token, text in pairs(fills) do
    local s, e = string.find(value, token, 1, true)
    while s do
      value = string.sub(value, 1, s - 1) .. text .. string.sub(value, e + 1)
      s, e = string.find(value, token, s + #text, true)
    end
  end
  return value
end
apply(from, fill)
return {1, redis.call('GET', KEYS[1])}
`;

/**
 * Claims the right to seed and, in the same step, lifts the order-number sequence above the seeded numbers, so an
 * instance that finds the marker set never hands out a seeded order's number.
 * KEYS: the seeded marker, the sequence. ARGV: marker value, the highest seeded number.
 */
export const CLAIM_SEED = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if current < tonumber(ARGV[2]) then redis.call('SET', KEYS[2], ARGV[2]) end
return 1
`;

/**
 * Records by reference: one entry per field of a hash of ids, false where either is missing.
 * KEYS: the record key prefix, the hash. ARGV: fields.
 */
export const READ_REFERENCED = `
local records = {}
for i, field in ipairs(ARGV) do
  local id = redis.call('HGET', KEYS[2], field)
  records[i] = id and redis.call('GET', KEYS[1] .. id) or false
end
return records
`;

/**
 * The records listed in each sorted set, by score (ARGV[1] 'desc' for highest first).
 * KEYS: the record key prefix, then the sorted sets.
 */
export const READ_LISTS = `
local command = ARGV[1] == 'desc' and 'ZREVRANGE' or 'ZRANGE'
local lists = {}
for k = 2, #KEYS do
  local list = {}
  for i, id in ipairs(redis.call(command, KEYS[k], 0, -1)) do list[i] = redis.call('GET', KEYS[1] .. id) or false end
  lists[k - 1] = list
end
return lists
`;

/**
 * Fulfillments listed in groups of sorted sets, each with its order: per group a flat list (fulfillment id, order
 * JSON, ...), members of the group's sets merged by score.
 * KEYS: the order key prefix, the fulfillment → order hash, then the groups' sets. ARGV[1]: sets per group.
 */
export const READ_FULFILLMENT_GROUPS = `
local per_group = tonumber(ARGV[1])
local orders = {}
local groups = {}
for first = 3, #KEYS, per_group do
  local sets = {}
  for k = first, first + per_group - 1 do sets[#sets + 1] = KEYS[k] end
  local ids = redis.call('ZUNION', #sets, unpack(sets))
  local group = {}
  for _, fulfillment_id in ipairs(ids) do
    local order_id = redis.call('HGET', KEYS[2], fulfillment_id)
    if order_id then
      if orders[order_id] == nil then orders[order_id] = redis.call('GET', KEYS[1] .. order_id) or false end
      if orders[order_id] then
        group[#group + 1] = fulfillment_id
        group[#group + 1] = orders[order_id]
      end
    end
  end
  groups[#groups + 1] = group
end
return groups
`;

/**
 * Fulfillments filed under each pickup code at one store: per code a flat list (fulfillment id, order JSON, ...).
 * The store's codes are one sorted set of 'CODE|fulfillment id' members, read by lexical range.
 * KEYS: the order key prefix, the fulfillment → order hash, the store's code set. ARGV: codes.
 */
export const READ_PICKUP_CODES = `
local answers = {}
for i, code in ipairs(ARGV) do
  local found = {}
  for _, member in ipairs(redis.call('ZRANGEBYLEX', KEYS[3], '[' .. code .. '|', '(' .. code .. '}')) do
    local fulfillment_id = string.sub(member, #code + 2)
    local order_id = redis.call('HGET', KEYS[2], fulfillment_id)
    local order = order_id and redis.call('GET', KEYS[1] .. order_id)
    if order then
      found[#found + 1] = fulfillment_id
      found[#found + 1] = order
    end
  end
  answers[i] = found
end
return answers
`;

/**
 * Each associate's non-cancelled orders placed in [from, to): count, total in cents, currency of the earliest.
 * Summed here so that a year of sales is not shipped to the subgraph to be added up; decoding for a read is safe.
 * KEYS: the order key prefix, then each associate's sorted set of orders by placedAt. ARGV: from, to (epoch ms).
 */
export const READ_ATTRIBUTED_SALES = `
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
`;

/**
 * Takes a settlement's recovery lease, or renews it when `holder` has it already: 1 when `holder` has it afterwards.
 * KEYS: the lease. ARGV: holder, time to live (ms).
 */
export const SETTLEMENT_LEASE_TAKE = `
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
return 1
`;

/** Gives a settlement's lease back, only while `holder` still has it. KEYS: the lease. ARGV: holder. */
export const SETTLEMENT_LEASE_GIVE_UP = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;
