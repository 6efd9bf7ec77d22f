{#- One row per contactable buyer and segment: the CRM export. Only buyers with marketing
    consent, an e-mail on file and no erasure request (`is_contactable`); the e-mail is a
    hash. Each row carries the contact caps of the buyer's lifecycle stage (playbook). -#}
with

memberships as (
    select * from {{ ref('buyer_segment_memberships') }}
),

buyers as (
    select * from {{ ref('int_buyers_known') }}
),

playbook as (
    select * from {{ ref('lifecycle_playbook') }}
),

stages as (
    select
        buyer_id,
        segment_key as lifecycle_stage
    from memberships
    where segment_family = 'lifecycle_stage'
),

audiences as (
    select distinct
        memberships.as_of_date,
        memberships.segment_family,
        memberships.segment_key,
        memberships.buyer_id,
        buyers.email_hash
    from memberships
    inner join buyers
        on memberships.buyer_id = buyers.buyer_id
    where buyers.is_contactable
),

final as (
    select
        audiences.as_of_date,
        audiences.segment_family,
        audiences.segment_key,
        audiences.buyer_id,
        audiences.email_hash,
        stages.lifecycle_stage,
        playbook.playbook_goal,
        playbook.max_contacts_per_week,
        -- the cap that applies to every buyer, whatever the stage
        (
            select all_buyers.max_contacts_per_month
            from playbook as all_buyers
            where all_buyers.lifecycle_stage = 'all_buyers'
        ) as max_contacts_per_month
    from audiences
    inner join stages
        on audiences.buyer_id = stages.buyer_id
    left join playbook
        on stages.lifecycle_stage = playbook.lifecycle_stage
)

select * from final
