{#- Seller tier, lifecycle and RFM scores (SPEC 5) from their activity. Tier: `onboarding`
    without a sale, else the lifetime tier of int_seller_tiers (the tier rule's one
    place: premium, established or beginner). Lifecycle, first match
    wins: onboarding, new (first sale within `seller_new_days`), dormant (no sale in
    `seller_dormant_days`), declining (GMV of the last 90 days down by at least
    `seller_declining_drop` on the 90 before), growing (up by at least
    `seller_growing_rise`, or sales after none), stable (also no GMV in either window). -#}
with

sellers as (
    select * from {{ ref('int_sellers_in_force') }}
),

activity as (
    select * from {{ ref('int_seller_activity') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

lifetime_tiers as (
    select * from {{ ref('int_seller_tiers') }}
    where sale_month is null
),

known_sellers as (
    select sellers.seller_id
    from sellers
    cross join reference
    where cast(sellers.created_at as date) <= reference.as_of_date
    union
    select seller_id from activity
),

ranked as (
    select
        activity.*,
        {{ quintile_score('activity.days_since_last_sale desc') }} as r_score,
        {{ quintile_score('activity.orders_count') }} as f_score,
        {{ quintile_score('activity.gmv_total') }} as m_score
    from activity
),

classified as (
    select
        known_sellers.seller_id,
        case
            when ranked.seller_id is null then 'onboarding'
            else lifetime_tiers.seller_tier
        end as seller_tier,
        case
            when ranked.seller_id is null then 'onboarding'
            when ranked.days_since_first_sale < {{ var('seller_new_days') }} then 'new'
            when ranked.days_since_last_sale >= {{ var('seller_dormant_days') }} then 'dormant'
            -- no GMV in either window is neither down nor up: stable
            when
                ranked.gmv_prior_90d > 0
                and ranked.gmv_90d <= (1 - {{ var('seller_declining_drop') }}) * ranked.gmv_prior_90d
                then 'declining'
            when
                ranked.gmv_90d > 0
                and ranked.gmv_90d >= (1 + {{ var('seller_growing_rise') }}) * ranked.gmv_prior_90d
                then 'growing'
            else 'stable'
        end as seller_lifecycle,
        ranked.r_score,
        ranked.f_score,
        ranked.m_score
    from known_sellers
    left join ranked
        on known_sellers.seller_id = ranked.seller_id
    left join lifetime_tiers
        on known_sellers.seller_id = lifetime_tiers.seller_id
)

select * from classified
