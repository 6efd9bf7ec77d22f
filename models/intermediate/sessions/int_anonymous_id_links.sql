{#- Anonymous ids linked to a buyer: the buyer of the earliest event (up to the reference
    date) that carries both ids; later events of the anonymous id count for that buyer.
    Added up from the per-day parts of int_anonymous_id_link_days (incremental). -#}
with

link_days as (
    select * from {{ ref('int_anonymous_id_link_days') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

-- the earliest identified event (then the smallest buyer id): one aggregate, no window
links as (
    select
        link_days.anonymous_id,
        {{ min_by('link_days.buyer_id', ['link_days.first_seen_at', 'link_days.buyer_id']) }} as buyer_id,
        min(link_days.first_seen_at) as linked_at
    from link_days
    cross join reference
    where link_days.activity_date <= reference.as_of_date
    group by 1
)

select * from links
