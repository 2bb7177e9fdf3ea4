-- Lua helpers shared by the write scripts: a change is a list of (command, key index, arguments...).
-- Not a script of its own: the helpers COMMIT and CREATE_ORDER are loaded with (lua(change-ops.lua, ...)).
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
