-- The API keys the gateway accepts, stored as the SHA-256 (lower-case hex) of the key.
create table api_keys (
	key_hash text primary key,
	owner text not null,
	roles text[] not null
);

-- Demo keys demo-key-0001 … demo-key-1000 for user1 … user1000:
-- odd numbers are readers, even numbers readers and writers.
insert into api_keys (key_hash, owner, roles)
select encode(sha256(convert_to('demo-key-' || lpad(n::text, 4, '0'), 'UTF8')), 'hex'),
	'user' || n,
	case when n % 2 = 1 then array['reader'] else array['reader', 'writer'] end
from generate_series(1, 1000) as n;
