-- Lua helpers for the lookup indexes, put in front of every script that files customers (put-customer.lua,
-- register-customer.lua, update-customer.lua); they take their keys as arguments from the script's KEYS.
-- Each index hash maps a normalised key to a JSON array of customer ids (households share a phone); the
-- filed-under hash remembers the [email, phone, loyalty-number] keys each customer is filed under, so a changed
-- email or phone leaves no stale entry.
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
