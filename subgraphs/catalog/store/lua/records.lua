-- Helpers every catalog script starts with (lua() puts this file first).
-- unpack() puts every argument on the Lua stack, which holds about 8000: batches are read in slices of 1000.
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

-- The records under `prefix` of each id, in order (false where missing).
local function records(prefix, ids)
  local keys = {}
  for i = 1, #ids do keys[i] = prefix .. ids[i] end
  return sliced('MGET', nil, keys)
end

-- The list without its missing entries.
local function present(list)
  local out = {}
  for i = 1, #list do if list[i] then out[#out + 1] = list[i] end end
  return out
end
