-- Creates an order at most once: allocates its number and its pickup codes, then writes it and its index entries.
-- The record and the change carry placeholder tokens where the number and the codes go; they are filled here.
-- KEYS: the order, the order-number sequence, the open pickup codes (hash code → holders), then the change's keys.
-- ARGV: number token, the sequence's floor, token count, code tokens..., candidate count, candidate codes..., change.
-- Returns {0, existing JSON} when the id exists, {-1} when every candidate code is taken (nothing written, try
-- others), {1, JSON} when created.
-- Atomic because the order's number and pickup codes are allocated, checked unique and written with the order and its index entries in one step: two instances never take one number or code, and a retry never makes a second order.
-- Loaded after change-ops.lua, whose helpers it calls.
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
