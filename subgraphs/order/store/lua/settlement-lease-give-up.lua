-- Gives a settlement's lease back, only while `holder` still has it. KEYS: the lease. ARGV: holder.
-- Atomic because the holder check and the delete are one step: a lease another instance took over meanwhile is never deleted.
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
