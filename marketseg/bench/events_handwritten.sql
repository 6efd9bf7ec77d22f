-- The events path written by hand in DuckDB (issue #14): the sessions of int_sessions from
-- the raw Parquet files, duplicates, bots, test accounts and invalid rows removed, the
-- fastest we could write it. marketseg.bench.handwritten runs it statement by statement
-- after str.format: {raw_path} (the raw folder), {extracted_at} and {launch_date} (the
-- timestamp rules), {bot_max_events_per_day}, {as_of_date} (the reference date: sessions
-- and links up to that day, days_ago counted to it). Result: temp table hw_sessions, the
-- columns of int_sessions in its order. It reads the contract's Parquet types as written
-- (occurred_at a timestamp); the dbt project also reads text timestamps and time zones.

-- test accounts, in any of their versions
create or replace temp table hw_test_buyers as
select distinct trim(buyer_id) as buyer_id
from read_parquet('{raw_path}/buyers/*.parquet', union_by_name = true)
where is_test_account and nullif(trim(buyer_id), '') is not null;

-- one narrow scan for both rules that compare rows: event ids found twice, bot actor-days
create or replace temp table hw_keys as
select
    event_id,
    actor_id,
    activity_date,
    grouping(event_id) as is_bot_day
from (
    select
        nullif(trim(event_id), '') as event_id,
        coalesce(nullif(trim(buyer_id), ''), nullif(trim(anonymous_id), '')) as actor_id,
        cast(occurred_at as date) as activity_date
    from read_parquet('{raw_path}/events/*.parquet', union_by_name = true)
)
group by grouping sets ((event_id), (actor_id, activity_date))
having
    (grouping(event_id) = 0 and event_id is not null and count(*) > 1)
    or (
        grouping(event_id) = 1 and actor_id is not null and activity_date is not null
        and count(*) > {bot_max_events_per_day}
    );

create or replace temp table hw_duplicated_ids as
select event_id from hw_keys where is_bot_day = 0;

create or replace temp table hw_bot_days as
select actor_id, activity_date from hw_keys where is_bot_day = 1;

-- the typed events with what the row rules need
create or replace temp view hw_typed as
select
    nullif(trim(event_id), '') as event_id,
    occurred_at,
    nullif(trim(buyer_id), '') as buyer_id,
    nullif(trim(anonymous_id), '') as anonymous_id,
    nullif(trim(session_id), '') as session_id,
    lower(nullif(trim(event_type), '')) as event_type,
    lower(nullif(trim(page_type), '')) as page_type,
    nullif(trim(product_id), '') as product_id,
    lower(nullif(trim(category), '')) as category,
    lower(nullif(trim(search_query), '')) as search_query,
    lower(nullif(trim(traffic_source), '')) as traffic_source,
    lower(nullif(trim(campaign), '')) as campaign,
    lower(nullif(trim(device_type), '')) as device_type,
    coalesce(is_app, false) as is_app,
    coalesce(nullif(trim(buyer_id), ''), nullif(trim(anonymous_id), '')) as actor_id,
    cast(occurred_at as date) as activity_date,
    -- the contract: required values, no '?' (undecodable bytes) in an id or a code
    occurred_at is null
    or nullif(trim(session_id), '') is null
    or nullif(trim(event_type), '') is null
    or contains(concat(event_id, buyer_id, anonymous_id, session_id, event_type, product_id), '?')
    or contains(concat(event_id, buyer_id, anonymous_id, session_id, event_type, product_id), '�')
        as breaks_contract
from read_parquet('{raw_path}/events/*.parquet', union_by_name = true);

-- the rows of duplicated ids (rare): the first by the project's tie-break is the candidate
create or replace temp table hw_duplicates_kept as
select * exclude (duplicate_rank)
from (
    select
        hw_typed.*,
        row_number() over (
            partition by event_id
            order by breaks_contract, (
                event_id, occurred_at, buyer_id, anonymous_id, session_id, event_type,
                page_type, product_id, category, search_query, traffic_source, campaign,
                device_type, is_app
            )
        ) as duplicate_rank
    from hw_typed
    semi join hw_duplicated_ids using (event_id)
)
where duplicate_rank = 1;

-- the clean events up to the reference date: the rows of ids seen once, then the kept duplicates
create or replace temp view hw_clean as
with candidates as (
    select hw_typed.*
    from hw_typed
    anti join hw_duplicated_ids using (event_id)
    where hw_typed.event_id is not null
    union all
    select * from hw_duplicates_kept
)
select candidates.*
from candidates
anti join hw_bot_days using (actor_id, activity_date)
anti join hw_test_buyers using (buyer_id)
where
    not candidates.breaks_contract
    and candidates.event_type in (
        'page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart',
        'add_to_favorites', 'recommendation_click', 'chat_started', 'coupon_applied',
        'checkout_started', 'purchase', 'account_created', 'newsletter_signup', 'email_click'
    )
    and candidates.occurred_at <= timestamp '{extracted_at}'
    and candidates.occurred_at >= cast(date '{launch_date}' as timestamp)
    and candidates.activity_date <= date '{as_of_date}';

-- anonymous ids linked to the buyer of their earliest identified event
create or replace temp table hw_links as
select
    anonymous_id,
    arg_min(buyer_id, (occurred_at, buyer_id)) as buyer_id
from hw_clean
where anonymous_id is not null and buyer_id is not null
group by 1;

-- one aggregate pass: the sessions
create or replace temp table hw_sessions as
with aggregated as (
    select
        session_id,
        max(buyer_id) as session_buyer_id,
        max(anonymous_id) as anonymous_id,
        min(occurred_at) as started_at,
        max(occurred_at) as ended_at,
        count(*) as events_count,
        count(*) filter (where event_type in ('page_view', 'product_view', 'search')) as pages_count,
        count(*) filter (where event_type = 'product_view') as product_views_count,
        count(*) filter (where event_type = 'search') as searches_count,
        count(*) filter (where event_type = 'add_to_cart') as add_to_carts_count,
        count(*) filter (where event_type = 'add_to_favorites') as favourites_count,
        count(*) filter (where event_type = 'recommendation_click') as recommendation_clicks_count,
        count(*) filter (where event_type = 'chat_started') as chats_count,
        count(*) filter (where event_type = 'coupon_applied') as coupon_uses_count,
        count(*) filter (where event_type = 'email_click') as email_clicks_count,
        count(*) filter (where event_type = 'purchase') as purchases_count,
        count(*) filter (where event_type = 'account_created') as account_creations_count,
        count(*) filter (where event_type = 'newsletter_signup') as newsletter_signups_count,
        min(occurred_at) filter (where event_type = 'purchase') as first_purchase_at,
        bool_or(is_app) as is_app,
        count(*) filter (where event_type in ('page_view', 'product_view', 'search')) > 0
        and count(*) filter (
            where event_type in ('page_view', 'product_view', 'search')
            and coalesce(page_type, '') != 'product'
        ) = 0 as is_product_pages_only,
        arg_min_null(
            struct_pack(device_type, traffic_source, campaign), (occurred_at, event_id)
        ) as first_event
    from hw_clean
    group by 1
)
select
    aggregated.session_id,
    coalesce(aggregated.session_buyer_id, hw_links.buyer_id) as buyer_id,
    aggregated.session_buyer_id is null and hw_links.buyer_id is not null as is_linked_anonymous,
    aggregated.anonymous_id,
    aggregated.started_at,
    aggregated.ended_at,
    cast(aggregated.started_at as date) as session_date,
    date_diff('day', cast(aggregated.started_at as date), date '{as_of_date}') as days_ago,
    date_diff('second', aggregated.started_at, aggregated.ended_at) as duration_seconds,
    aggregated.events_count,
    aggregated.pages_count,
    aggregated.product_views_count,
    aggregated.searches_count,
    aggregated.add_to_carts_count,
    aggregated.favourites_count,
    aggregated.recommendation_clicks_count,
    aggregated.chats_count,
    aggregated.coupon_uses_count,
    aggregated.email_clicks_count,
    aggregated.purchases_count,
    aggregated.account_creations_count,
    aggregated.newsletter_signups_count,
    aggregated.purchases_count > 0 as has_purchase,
    aggregated.first_purchase_at,
    date_diff('second', aggregated.started_at, aggregated.first_purchase_at)
        as seconds_to_first_purchase,
    aggregated.is_app,
    aggregated.is_product_pages_only,
    aggregated.first_event.device_type,
    aggregated.first_event.traffic_source,
    aggregated.first_event.campaign
from aggregated
left join hw_links
    on aggregated.anonymous_id = hw_links.anonymous_id;
