-- The same change done the safe way: no long locks on orders.
SET lock_timeout = '2s';

CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);

ALTER TABLE orders ADD COLUMN tracking_id uuid;

ALTER TABLE orders ALTER COLUMN tracking_id SET DEFAULT gen_random_uuid();
