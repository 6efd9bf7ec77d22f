{#- Every buyer known on the reference date: an account row, an order (late-arriving
    buyers are inferred from their orders) or identified events. -#}
with

buyers as (
    select * from {{ ref('int_buyers_in_force') }}
),

orders as (
    select * from {{ ref('int_orders_in_force') }}
),

sessions as (
    select * from {{ ref('int_sessions') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

accounts as (
    select
        buyers.buyer_id,
        buyers.created_at as known_at
    from buyers
    cross join reference
    where cast(buyers.created_at as date) <= reference.as_of_date
),

first_orders as (
    select
        orders.buyer_id,
        orders.ordered_at as known_at,
        orders.shipping_country_code,
        row_number() over (partition by orders.buyer_id order by orders.ordered_at, orders.order_id)
            as order_rank
    from orders
    cross join reference
    where cast(orders.ordered_at as date) <= reference.as_of_date
),

identified_sessions as (
    select
        buyer_id,
        min(started_at) as known_at
    from sessions
    where buyer_id is not null
    group by 1
),

sightings as (
    select
        buyer_id,
        known_at
    from accounts
    union all
    select
        buyer_id,
        known_at
    from first_orders
    where order_rank = 1
    union all
    select
        buyer_id,
        known_at
    from identified_sessions
),

ages as (
    select
        buyers.buyer_id,
        -- LT05: sqlfluff measures the line dbt.datediff renders to, longer than the source line
        {{ dbt.datediff('buyers.birth_date', 'reference.as_of_date', 'day') }} as age_days  -- noqa: LT05
    from buyers
    cross join reference
),

known as (
    select
        buyer_id,
        min(known_at) as known_at
    from sightings
    group by 1
),

final as (
    select
        known.buyer_id,
        case
            when buyers.birth_date is null then 'unknown'
            when ages.age_days < 25 * 365.25 then '18-24'
            when ages.age_days < 35 * 365.25 then '25-34'
            when ages.age_days < 45 * 365.25 then '35-44'
            when ages.age_days < 55 * 365.25 then '45-54'
            when ages.age_days < 65 * 365.25 then '55-64'
            else '65+'
        end as age_band,
        known.known_at,
        accounts.buyer_id is null as is_inferred,
        buyers.created_at,
        coalesce(buyers.is_erased, false) as is_erased,
        buyers.email_hash,
        buyers.gender,
        buyers.birth_date,
        coalesce(buyers.country_code, first_orders.shipping_country_code) as country_code,
        coalesce(
            coalesce(buyers.country_code, first_orders.shipping_country_code) = '{{ var("home_country") }}',
            false
        ) as is_local,
        buyers.city,
        coalesce(buyers.account_type, 'personal') as account_type,
        buyers.acquisition_channel,
        coalesce(buyers.has_marketing_consent, false) as has_marketing_consent,
        coalesce(buyers.is_newsletter_subscriber, false) as is_newsletter_subscriber,
        -- reachable by marketing: consent, an e-mail on file and no erasure request
        coalesce(buyers.has_marketing_consent and not buyers.is_erased and buyers.email_hash is not null, false)
            as is_contactable
    from known
    left join accounts
        on known.buyer_id = accounts.buyer_id
    left join buyers
        on accounts.buyer_id = buyers.buyer_id
    left join ages
        on accounts.buyer_id = ages.buyer_id
    left join first_orders
        on
            known.buyer_id = first_orders.buyer_id
            and first_orders.order_rank = 1
)

select * from final
