-- Records by a secondary key (product by handle, variant by barcode) in one step.
-- KEYS[1] hash lookup value -> id, KEYS[2] record key prefix; ARGV the lookup values.
-- Answers one record (or false) per value, in order. One script so that the hash and the records are read at one
-- instant: a product saved between two round trips could otherwise answer a handle with another product's record.
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
